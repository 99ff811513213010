package main

import "fmt"

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func adders() (func(int), func() int) {
	total := 0
	return func(d int) { total += d }, func() int { return total }
}

func fib() func() int {
	a, b := 0, 1
	return func() int {
		r := a
		a, b = b, a+b
		return r
	}
}

func main() {
	c1 := counter()
	c2 := counter()
	fmt.Println(c1(), c1(), c1(), c2())

	add, get := adders()
	add(5)
	add(10)
	fmt.Println("shared:", get())

	x := 1
	byRef := func() int { return x * 10 }
	x = 2
	fmt.Println("sees later write:", byRef())

	y := 1
	inc := func() { y++ }
	inc()
	inc()
	fmt.Println("modified by closure:", y)

	val := 7
	copied := func(v int) func() int { return func() int { return v } }(val)
	val = 100
	fmt.Println("parameter copy:", copied(), val)

	f := fib()
	for i := 0; i < 10; i++ {
		fmt.Print(f(), " ")
	}
	fmt.Println()

	var rec func(int) int
	rec = func(n int) int {
		if n == 0 {
			return 0
		}
		return n + rec(n-1)
	}
	fmt.Println("recursive literal:", rec(10))
	fmt.Println(func(a, b int) int { return a * b }(6, 7))
}
