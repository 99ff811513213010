package main

var sink *int

func store(p *int) { sink = p }
func read(p *int) int { return *p }

// A call through a parameter of func type: the callee is unknown, so the
// argument escapes; the func value itself does not.
func apply(f func(*int) int, p *int) int { return f(p) }

// A local assigned once is known statically: the call is direct.
func direct() int {
	x := 1
	f := read
	return f(&x)
}

// Reassigned, the call is dynamic again.
func dynamic(flag bool) int {
	y := 2
	f := read
	if flag {
		f = func(p *int) int { return *p + 1 }
	}
	return f(&y)
}

// A func literal assigned once is called directly.
func literal() int {
	z := 3
	double := func(p *int) int { return *p * 2 }
	return double(&z)
}

func main() {
	v := 4
	println(apply(read, &v), direct(), dynamic(true), literal())
	w := 5
	store(&w)
}
