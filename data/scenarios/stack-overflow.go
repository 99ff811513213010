// Stack overflow: recursion without a base case runs into the
// stack limit, and that is a fatal error, not a panic.
package main

import "fmt"

// safeIndex turns an index-out-of-range panic into -1.
func safeIndex(xs []int, i int) (v int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
			v = -1
		}
	}()
	return xs[i]
}

// depth never stops calling itself; each frame holds 1 KiB.
func depth(n int) int {
	var frame [1024]byte
	frame[n%1024] = byte(n)
	return depth(n+1) + int(frame[0])
}

func main() {
	fmt.Println(safeIndex([]int{1, 2, 3}, 5))
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered again:", r) // never printed
		}
	}()
	fmt.Println("recursing without a base case...")
	fmt.Println(depth(0))
}
