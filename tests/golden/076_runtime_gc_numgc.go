package main

import (
	"fmt"
	"runtime"
)

type Node struct {
	next *Node
	pad  [48]byte
}

var keep *Node

func build(n int) *Node {
	var head *Node
	for i := 0; i < n; i++ {
		head = &Node{next: head}
	}
	return head
}

func main() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	start := ms.NumGC
	fmt.Println("no GC yet:", start)
	runtime.GC()
	runtime.ReadMemStats(&ms)
	fmt.Println("after one runtime.GC:", ms.NumGC-start)
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	fmt.Println("after three:", ms.NumGC-start)

	keep = build(1000)
	runtime.GC()
	var live runtime.MemStats
	runtime.ReadMemStats(&live)
	keep = nil
	runtime.GC()
	var freed runtime.MemStats
	runtime.ReadMemStats(&freed)
	fmt.Println("list of 1000 nodes freed:", live.HeapObjects-freed.HeapObjects >= 1000)
	fmt.Println("frees grew by at least 1000:", freed.Frees-live.Frees >= 1000)
	fmt.Println("NumGC:", freed.NumGC-start)
}
