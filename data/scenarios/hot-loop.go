// Allocation in a hot loop: += builds a new string every time
// round, while appending to a buffer sized once reuses it.
package main

import (
	"fmt"
	"strconv"
)

const n = 4000

var s string // a global: the strings really live on the heap

func main() {
	for i := 0; i < n; i++ {
		s += strconv.Itoa(i % 10) // a new, longer string every time
	}
	fmt.Println("concat: len", len(s))

	buf := make([]byte, 0, n) // one buffer, big enough for everything
	for i := 0; i < n; i++ {
		buf = append(buf, strconv.Itoa(i%10)...)
	}
	fmt.Println("buffer: len", len(buf))
	fmt.Println(s == string(buf))
}
