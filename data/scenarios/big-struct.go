// The big-struct myth: returning a large struct by value
// allocates nothing on the heap. Returning a pointer to it does.
package main

import (
	"fmt"
	"runtime"
)

type Matrix [64][64]float64 // 64*64*8 bytes = 32 KiB

var kept *Matrix // a global, so no build can keep its target on the stack

// identity returns a whole Matrix by value.
func identity() (m Matrix) {
	m[0][0], m[63][63] = 1, 1
	return m // copied into the slot the caller reserved for the result
}

// newIdentity returns a pointer instead.
func newIdentity() *Matrix {
	m := identity()
	return &m // m must outlive the call: moved to the heap
}

func main() {
	var s0, s1, s2 runtime.MemStats
	runtime.ReadMemStats(&s0)
	v := identity()
	runtime.ReadMemStats(&s1)
	kept = newIdentity()
	runtime.ReadMemStats(&s2)
	fmt.Println("by value:   heap allocations", s1.Mallocs-s0.Mallocs, "bytes", s1.TotalAlloc-s0.TotalAlloc)
	fmt.Println("by pointer: heap allocations", s2.Mallocs-s1.Mallocs, "bytes", s2.TotalAlloc-s1.TotalAlloc)
	fmt.Println(v[63][63] + kept[0][0])
}
