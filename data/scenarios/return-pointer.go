// Returning a pointer to a local variable: a classic bug in C,
// an everyday idiom in Go.
package main

import "fmt"

func newCounter(start int) *int {
	n := start
	return &n // in C this would dangle; Go moves n to the heap
}

func scribble(depth int) int {
	var junk [256]int // reuse lots of stack, as a C program would overwrite freed frames
	for i := range junk {
		junk[i] = -1
	}
	if depth == 0 {
		return junk[0]
	}
	return scribble(depth-1) + junk[1]
}

func main() {
	a := newCounter(10)
	b := newCounter(20)
	scribble(50)
	*a += 1
	fmt.Println(*a, *b, a != b)
}
