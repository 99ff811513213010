package main

import (
	"fmt"
	"strconv"
)

type Err struct{ msg string }

func (e *Err) Error() string { return e.msg }

func pair(s string) (int, error) {
	n, err := strconv.Atoi(s)
	return n, err
}

func pairPtr() (*int, *Err) {
	x := 1
	return &x, &Err{"e"}
}

// Forwarding multiple results: Go evaluates them into temporaries.
func forward(s string) (int, error) {
	return pair(s)
}

// f(g()) with an interface parameter boxes the temporary, named
// ".autotmp_N" after its position among the function's declarations.
func show(s string) {
	a := 1
	fmt.Println(pair(s))
	b := 2
	fmt.Println(pair(s))
	fmt.Println(a, b)
}

func main() {
	p, e := pairPtr()
	fmt.Println(*p, e.msg)
	n, err := forward("7")
	fmt.Println(n, err)
	show("12")
}
