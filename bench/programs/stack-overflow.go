package main

import "fmt"

// down never stops: the goroutine stack grows by copying until Go's
// 1,000,000,000-byte limit.
func down(n int) int {
	return down(n+1) + 1
}

func main() {
	fmt.Println(down(0))
}
