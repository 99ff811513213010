package main

import (
	"fmt"
	"runtime"
)

type Node struct {
	Val  int
	Next *Node
}

var keep *Node

func build(n int) *Node {
	var head *Node
	for i := 0; i < n; i++ {
		head = &Node{Val: i, Next: head}
	}
	return head
}

func depth(n int) int {
	var pad [64]int
	pad[n%64] = n
	if n == 0 {
		return pad[0]
	}
	return depth(n-1) + 1
}

func main() {
	keep = build(20000)
	total := 0
	for round := 0; round < 30; round++ {
		tmp := build(2000)
		total += tmp.Val
	}
	fmt.Println("total", total, "depth", depth(300))
	runtime.GC()
	fmt.Println("kept", keep.Val)
}
