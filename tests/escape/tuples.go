package main

type E struct{ s string }

func (e *E) Error() string { return e.s }

func g() (int, *E)        { return 1, &E{"x"} }
func g2() (string, []int) { return "a", nil }

var sink any

// return g() and x, y = g() go through temporaries when the target types
// differ: the conversions are Go's ".autotmp_N escapes to heap".
func ret() (any, error) {
	return g()
}

func ret2() (any, any) {
	x := 1
	_ = x
	return g2()
}

func assign() {
	var x any
	var err error
	x, err = g()
	var a, b any = g()
	y, err := g()
	sink, err = g()
	_, _, _, _ = x, a, b, y
	_ = err
}

func main() {
	a, b := ret()
	c, d := ret2()
	assign()
	println(a != nil, b != nil, c != nil, d != nil)
}
