// sync.Pool is a cache the collector may empty: a pooled object
// survives one GC in the victim cache and is dropped at the next.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

type Buffer [4096]byte

var made int // how many times the pool had to make a new Buffer
var pool = sync.Pool{New: func() any { made++; return new(Buffer) }}

func main() {
	runtime.GOMAXPROCS(1) // one P, so Get sees what Put stored
	buf := pool.Get().(*Buffer)
	pool.Put(buf)
	fmt.Println("made:", made, "| same buffer back:", pool.Get() == buf)

	pool.Put(buf)
	runtime.GC() // moves the pool's contents to the victim cache
	fmt.Println("after 1 GC, same buffer back:", pool.Get() == buf, "| made:", made)

	pool.Put(buf)
	buf = nil
	runtime.GC() // into the victim cache...
	runtime.GC() // ...and dropped: nothing refers to it any more
	fresh := pool.Get().(*Buffer)
	fmt.Println("after 2 GCs, made:", made, fresh[0])
}
