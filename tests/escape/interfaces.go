package main

import "fmt"

type Shape interface{ Area() int }

type Sq struct{ S int }

func (s Sq) Area() int { return s.S * s.S }

type Named struct{ Name string }

func (n *Named) String() string { return n.Name }

// Calling a method through an interface: the compiler cannot see the
// method, so the receiver leaks.
func total(shapes []Shape) int {
	t := 0
	for _, s := range shapes {
		t += s.Area()
	}
	return t
}

// Interface to interface: no allocation, no box.
func asAny(s Shape) any { return s }

var sink any

func main() {
	x := 42
	big := 100000
	s := "text"
	p := &x
	m := map[string]int{}
	f := func() {}
	// Pointer-shaped values (pointers, maps, funcs) need no box.
	fmt.Println(p, m, f)
	// Other values are boxed; the box escapes because Println keeps it.
	fmt.Println(x, big, s)
	// An explicit conversion is the same thing.
	sink = any(x)
	var sh Shape = Sq{2}
	shapes := []Shape{Sq{1}, sh}
	fmt.Println(total(shapes), asAny(sh))
	n := Named{"gopher"}
	fmt.Println(&n)
	var e error
	fmt.Println(e)
}
