package main

import "fmt"

type T struct{ n int }

func (t T) Get() int { return t.n }

func (t *T) Add(d int) { t.n += d }

func (t T) Plus(a, b int) int { return t.n + a + b }

func run(f func() int) int { return f() }

func main() {
	t := T{n: 1}

	// A method value with a value receiver copies the receiver now.
	get := t.Get
	t.n = 50
	fmt.Println("bound copy:", get(), "current:", t.Get())

	// A method value with a pointer receiver binds &t.
	add := t.Add
	add(5)
	add(5)
	fmt.Println("after add:", t.n)

	p := &T{n: 7}
	pget := p.Get
	p.n = 8
	fmt.Println("value method via pointer, copied:", pget())

	// Method expressions.
	f := T.Get
	g := (*T).Add
	h := (*T).Get
	plus := T.Plus
	g(&t, 1)
	fmt.Println(f(t), h(&t), plus(t, 10, 20))

	fmt.Println("passed as func:", run(t.Get))
	fs := []func(int){t.Add, p.Add}
	for _, fn := range fs {
		fn(1000)
	}
	fmt.Println(t.n, p.n)
	fmt.Printf("%T\n%T\n%T\n", get, g, plus)
}
