package main

import "runtime"

type Node struct {
	Val  int
	Next *Node
}

type Holder struct {
	head *Node
}

var sink *Node
var small []*int16

func build(n int) *Node {
	var head *Node
	for i := 0; i < n; i++ {
		head = &Node{Val: i, Next: head}
	}
	return head
}

func main() {
	a := build(3)
	b := build(2)
	sink = a
	h := Holder{head: b}
	hp := &h
	for i := 0; i < 3; i++ {
		small = append(small, new(int16))
	}
	println(hp.head.Val, len(small))
	b = nil
	h.head = nil
	runtime.GC()
	println(sink.Val, hp.head == nil)
}
