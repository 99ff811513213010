package main

func f(a int, b string) int { return a }

func v(prefix string, xs ...int) {}

func main() {
	f(1)
	f()
	f(1, "a", 3)
	f("x", 2)
	v()
	v("a", 1, "b")
	xs := []string{"a"}
	v("a", xs...)
	f(1, "a"...)
}
