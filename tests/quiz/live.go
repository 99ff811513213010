package main

import (
	"fmt"
	"runtime"
)

var keep []*[64]byte

func main() {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	base := m.HeapAlloc
	for i := 0; i < 10; i++ {
		p := new([64]byte)
		if i%2 == 0 {
			keep = append(keep, p)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&m)
	fmt.Println(m.HeapAlloc - base)
}
