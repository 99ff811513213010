package main

import "fmt"

// Node is 64 bytes: one size-class-6 slot.
type Node struct {
	Val  int
	Next *Node
	Pad  [6]int
}

// live keeps the last 16384 nodes: a 1 MiB live set.
var live [16384]*Node

func main() {
	sum := 0
	for i := 0; i < 1000000; i++ {
		n := &Node{Val: i}
		live[i%len(live)] = n
		sum += n.Val
	}
	fmt.Println(sum)
}
