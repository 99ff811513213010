package main

import (
	"fmt"
	"strings"
)

type Op func(int, int) int

type Middleware func(string) string

func chain(ms ...Middleware) Middleware {
	return func(s string) string {
		for _, m := range ms {
			s = m(s)
		}
		return s
	}
}

func compose(f, g func(int) int) func(int) int {
	return func(x int) int { return g(f(x)) }
}

func add(a, b int) int { return a + b }

func mul(a, b int) int { return a * b }

func main() {
	ops := map[string]Op{"add": add, "mul": mul, "sub": func(a, b int) int { return a - b }}
	for _, name := range []string{"add", "mul", "sub"} {
		fmt.Println(name, ops[name](7, 3))
	}
	var none Op
	fmt.Println(none == nil, ops["div"] == nil)

	m := chain(strings.ToUpper, func(s string) string { return s + "!" }, strings.TrimSpace)
	fmt.Println(m("  hello "))

	inc := func(x int) int { return x + 1 }
	sq := func(x int) int { return x * x }
	fmt.Println(compose(inc, sq)(3), compose(sq, inc)(3))

	fs := []func() string{}
	for _, w := range []string{"a", "b"} {
		w := w
		fs = append(fs, func() string { return w + w })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()

	apply := func(n int, f func(int) int) int {
		for i := 0; i < n; i++ {
			f = compose(f, inc)
		}
		return f(0)
	}
	fmt.Println(apply(5, inc))
	var op Op = add
	fmt.Printf("%T %v\n", op, op(1, 2))
	callbacks := map[int]func(){}
	total := 0
	for i := 1; i <= 3; i++ {
		n := i
		callbacks[i] = func() { total += n }
	}
	for _, cb := range callbacks {
		cb()
	}
	fmt.Println("total:", total)
}
