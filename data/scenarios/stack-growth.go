// Watching a stack grow: deep recursion copies the whole
// stack into bigger blocks, and pointers into it follow along.
// Afterwards the collector shrinks it again.
package main

import (
	"fmt"
	"runtime"
)

// grow recurses n levels deep; each frame holds a 256-byte array.
func grow(n int) int {
	var pad [256]byte
	pad[n%256] = byte(n)
	if n == 0 {
		return 0
	}
	return grow(n-1) + int(pad[0])
}

func main() {
	x := 42
	p := &x // p points into main's frame, on the stack
	fmt.Println(grow(1000))
	*p += 1 // the stack has moved, and p moved with it
	fmt.Println(x, p == &x)
	runtime.GC() // the stack is now mostly empty: the GC shrinks it
	fmt.Println(grow(10))
}
