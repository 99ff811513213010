package main

import (
	"fmt"
	"runtime"
)

type Node struct {
	Val  int
	Next *Node
}

type Big struct{ data [1000]int64 }

var (
	sinkNodes []*Node
	sinkInts  []*int
	sinkBig   *Big
	sinkStr   string
	sinkIface interface{}
)

func main() {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < 100; i++ {
		sinkNodes = append(sinkNodes, &Node{Val: i})
	}
	runtime.ReadMemStats(&after)
	// 100 nodes plus the backing arrays of the growing slice.
	fmt.Println("nodes mallocs:", after.Mallocs-before.Mallocs)

	runtime.ReadMemStats(&before)
	sinkBig = &Big{}
	runtime.ReadMemStats(&after)
	fmt.Println("big mallocs:", after.Mallocs-before.Mallocs,
		"bytes:", after.TotalAlloc-before.TotalAlloc)

	sinkInts = make([]*int, 0, 50)
	runtime.ReadMemStats(&before)
	for i := 0; i < 50; i++ {
		sinkInts = append(sinkInts, new(int))
	}
	runtime.ReadMemStats(&after)
	fmt.Println("tiny mallocs:", after.Mallocs-before.Mallocs)

	runtime.ReadMemStats(&before)
	sinkIface = 7
	sinkIface = 1000
	sinkIface = "const"
	runtime.ReadMemStats(&after)
	fmt.Println("interface conversions:", after.Mallocs-before.Mallocs)

	runtime.ReadMemStats(&before)
	for i := 0; i < 10; i++ {
		sinkStr = fmt.Sprint(i * 1000)
	}
	runtime.ReadMemStats(&after)
	fmt.Println("Sprint mallocs:", after.Mallocs-before.Mallocs)

	runtime.ReadMemStats(&before)
	x := 0
	for i := 0; i < 1000; i++ {
		x += i
	}
	runtime.ReadMemStats(&after)
	fmt.Println("loop without allocation:", after.Mallocs-before.Mallocs, x)
}
