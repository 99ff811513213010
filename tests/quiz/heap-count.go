package main

import (
	"fmt"
	"runtime"
)

type T struct{ a, b, c int64 }

var keep []*T

func main() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	objects, bytes := m.HeapObjects, m.HeapAlloc
	keep = make([]*T, 0, 4)
	for i := 0; i < 3; i++ {
		keep = append(keep, &T{})
	}
	runtime.ReadMemStats(&m)
	fmt.Println(m.HeapObjects-objects, m.HeapAlloc-bytes, m.NumGC)
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	fmt.Println(m.NumGC)
}
