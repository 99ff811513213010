package main

import "fmt"

// The closure outlives counter: n moves to the heap.
func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

// Captured by value (small, never reassigned): the variable stays put,
// but the closure still escapes.
func adder(k int) func(int) int {
	return func(x int) int { return x + k }
}

// A big array captured by an escaping closure is captured by reference.
func big() func() int {
	var buf [200]byte
	buf[0] = 1
	return func() int { return int(buf[0]) }
}

// A closure called on the spot does not escape.
func immediate() int {
	x := 5
	return func() int { return x * 2 }()
}

// A closure stored in a local and called later does not escape.
func stored() int {
	total := 0
	add := func(v int) { total += v }
	for i := 0; i < 3; i++ {
		add(i)
	}
	return total
}

// Nested closures capture through the middle one.
func nested() func() func() int {
	v := 1
	return func() func() int {
		return func() int { return v }
	}
}

var hooks []func()

// A closure appended to a global slice escapes, and so does what it
// captures by reference.
func hook(name string) {
	count := 0
	hooks = append(hooks, func() {
		count++
		fmt.Println(name, count)
	})
}

func main() {
	c := counter()
	c()
	fmt.Println(adder(2)(3), big()(), immediate(), stored(), nested()()())
	hook("a")
}
