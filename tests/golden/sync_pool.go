package main

import (
	"fmt"
	"runtime"
)

import "sync"

type Buf struct {
	data [64]byte
	n    int
}

var made int

var pool = sync.Pool{New: func() any {
	made++
	return new(Buf)
}}

func main() {
	runtime.GOMAXPROCS(1)
	a := pool.Get().(*Buf)
	a.n = 1
	pool.Put(a)
	b := pool.Get().(*Buf)
	fmt.Println("reused", a == b, made)

	// Several objects: the private slot, then the shared list.
	x, y, z := pool.Get().(*Buf), pool.Get().(*Buf), pool.Get().(*Buf)
	pool.Put(x)
	pool.Put(y)
	pool.Put(z)
	fmt.Println("made", made)
	got := map[*Buf]bool{}
	for i := 0; i < 3; i++ {
		got[pool.Get().(*Buf)] = true
	}
	fmt.Println("got back", len(got), got[x] && got[y] && got[z], made)

	// Objects survive one GC in the victim cache, not two.
	pool.Put(x)
	runtime.GC()
	fmt.Println("after 1 GC same", pool.Get().(*Buf) == x, made)
	pool.Put(x)
	runtime.GC()
	runtime.GC()
	fmt.Println("after 2 GCs same", pool.Get().(*Buf) == x, made)

	// Put(nil) is ignored; Get with no New returns nil.
	var empty sync.Pool
	empty.Put(nil)
	fmt.Println(empty.Get())
	empty.Put("s")
	fmt.Println(empty.Get(), empty.Get())
}
