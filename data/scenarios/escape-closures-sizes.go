// The escape gallery: closures that stay in the frame or
// leave it, and buffers that are too big or of unknown size.
package main

import (
	"fmt"
	"runtime"
)

var next func() int // a global: the closure stored here outlives everything

func makeCounter() func() int {
	count := 0
	return func() int { count++; return count } // outlives makeCounter
}

func sumWith(xs []int) (total int) {
	add := func(x int) { total += x } // only called here: stays in the frame
	for _, x := range xs {
		add(x)
	}
	return total
}

func constSize() byte    { buf := make([]byte, 1024); buf[0] = 1; return buf[0] }
func varSize(n int) byte { buf := make([]byte, n); buf[0] = 1; return buf[0] }
func tooBig() byte       { buf := make([]byte, 70000); buf[0] = 1; return buf[0] }
func bigArray() byte     { var a [256 << 10]byte; a[7] = 1; return a[7] }

// allocs counts the heap allocations one call of f makes.
func allocs(f func() byte) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs
}

func main() {
	fmt.Println("sum:", sumWith([]int{1, 2, 3, 4}))
	next = makeCounter()
	fmt.Println("counter:", next(), next(), next())

	fmt.Println("make([]byte, 1024):   ", allocs(constSize))
	fmt.Println("make([]byte, n), n=16:", allocs(func() byte { return varSize(16) }))
	fmt.Println("make([]byte, 70000):  ", allocs(tooBig))
	fmt.Println("var a [256 KiB]byte:  ", allocs(bigArray))
}
