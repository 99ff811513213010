package main

import "runtime"

type Node struct {
	Next *Node
}

var keep []*Node

func wait(c chan int, buf []int) {
	<-c
	_ = buf
}

func main() {
	c := make(chan int)
	go wait(c, make([]int, 2))
	runtime.Gosched()
	for i := 0; i < 3; i++ {
		keep = append(keep, &Node{})
	}
	if len(keep) > 5 {
		println("never")
	}
	runtime.GC()
	close(c)
	late := make([]int, 1)
	println(len(keep), len(late))
}
