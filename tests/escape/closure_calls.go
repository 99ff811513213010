package main

import "fmt"

func direct() int {
	var u int
	p := func() *int { return &u }()
	*p = 42
	return u
}

func viaVar() int {
	var v int
	get := func() *int { return &v }
	*get() = 7
	return v
}

func nestedCall() *int {
	w := 1
	return func() *int { return &w }()
}

func recursiveClosure(n int) int {
	var fib func(int) int
	fib = func(k int) int {
		if k < 2 {
			return k
		}
		return fib(k-1) + fib(k-2)
	}
	return fib(n)
}

type node struct{ next *node }

func builder() *node {
	var mk func(int) *node
	mk = func(d int) *node {
		if d == 0 {
			return nil
		}
		return &node{next: mk(d - 1)}
	}
	return mk(3)
}

func params(a, b *int) (*int, *int) {
	swap := func(x, y *int) (*int, *int) { return y, x }
	return swap(a, b)
}

func main() {
	x, y := 1, 2
	p, q := params(&x, &y)
	fmt.Println(direct(), viaVar(), *nestedCall(), recursiveClosure(10), builder() != nil, *p, *q)
}
