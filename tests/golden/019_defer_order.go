package main

import "fmt"

type Res struct{ name string }

func (r *Res) Close() { fmt.Println("close", r.name) }

func open(name string) *Res {
	fmt.Println("open", name)
	return &Res{name}
}

func trace(s string) string {
	fmt.Println("enter", s)
	return s
}

func un(s string) { fmt.Println("leave", s) }

func nested() {
	defer un(trace("nested"))
	fmt.Println("in nested")
}

func main() {
	defer fmt.Println("deferred first, runs last")
	for i := 0; i < 3; i++ {
		defer fmt.Println("loop defer", i)
	}
	x := 10
	defer fmt.Println("argument evaluated at defer:", x)
	defer func() { fmt.Println("closure sees final value:", x) }()
	x = 20

	a := open("a")
	defer a.Close()
	b := open("b")
	defer b.Close()

	nested()
	func() {
		defer fmt.Println("inner function defer")
		fmt.Println("inner function body")
	}()
	m := map[string]int{"k": 1}
	defer delete(m, "k")
	defer func(n int) { fmt.Println("map len at defer:", n, len(m)) }(len(m))
	fmt.Println("end of main")
}
