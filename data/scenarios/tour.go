// The Go Memory Lab tour: one value stays on the
// stack, one escapes to the heap, and the garbage
// collector runs once.
package main

import (
	"fmt"
	"runtime"
)

type Point struct {
	X, Y int
}

// newPoint returns the address of its local p, so
// p outlives the call: it moves to the heap.
func newPoint(x, y int) *Point {
	p := Point{X: x, Y: y}
	return &p
}

func main() {
	a := Point{X: 1, Y: 2} // stays in main's frame
	b := newPoint(3, 4)    // points into the heap
	fmt.Println(a.X+a.Y, b.X+b.Y)
	b = nil
	runtime.GC() // the heap Point is now garbage
}
