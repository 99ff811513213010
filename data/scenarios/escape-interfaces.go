// Reading the compiler's verdicts: "moved to heap" versus
// "escapes to heap", and interface conversions that do or
// do not allocate.
package main

import (
	"fmt"
	"runtime"
)

var sink any // a global interface: whatever it holds is on the heap

// allocs calls f 100 times and counts the heap allocations.
func allocs(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < 100; i++ {
		f()
	}
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs
}

func main() {
	x := 1000
	p := &x // the address is taken, but p never leaves main
	*p += 1
	fmt.Println(x) // -m: "x escapes to heap": a boxed copy of x
	y := 2000
	sink = &y // the address itself is stored: "moved to heap: y"

	small, big, word := 200, 200000, "gopher"
	fmt.Println("int 200:     ", allocs(func() { sink = small }))
	fmt.Println("int 200000:  ", allocs(func() { sink = big }))
	fmt.Println("string var:  ", allocs(func() { sink = word }))
	fmt.Println("string const:", allocs(func() { sink = "gopher" }))
	fmt.Println("pointer:     ", allocs(func() { sink = &y }))
}
