package main

import (
	"fmt"
	"runtime"
	"sync"
)

type Buf struct{ id int }

var created int

var pool = sync.Pool{
	New: func() any {
		created++
		return &Buf{id: created}
	},
}

func main() {
	runtime.GOMAXPROCS(1)
	a := pool.Get().(*Buf)
	b := pool.Get().(*Buf)
	fmt.Println("fresh:", a.id, b.id, created)
	pool.Put(a)
	c := pool.Get().(*Buf)
	fmt.Println("reused:", c.id, created)

	pool.Put(b)
	runtime.GC()
	d := pool.Get().(*Buf)
	fmt.Println("survives one GC via victim cache:", d.id, created)

	pool.Put(d)
	runtime.GC()
	runtime.GC()
	e := pool.Get().(*Buf)
	fmt.Println("gone after two GCs:", e.id, created)

	var plain sync.Pool
	fmt.Println("no New:", plain.Get())
	plain.Put("x")
	fmt.Println(plain.Get(), plain.Get())
	plain.Put(nil)
	fmt.Println(plain.Get())
}
