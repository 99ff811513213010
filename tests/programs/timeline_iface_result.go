package main

type E struct{}

func (*E) Error() string { return "e" }
func f(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
func g() error { var e *E; return e }
func main() {
	x := 7
	f(&x)
	err := g()
	println(err == nil)
}
