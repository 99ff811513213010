package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// A goroutine that waits on a channel or in sync holds a runtime.sudog,
// a heap object.  Released ones are cached, 128 per P and the rest on a
// central list that each GC cycle drops: the second wave of 300 waits
// allocates none, and after a collection 192 are new.

var ms runtime.MemStats

func mallocs() uint64 {
	runtime.ReadMemStats(&ms)
	return ms.Mallocs
}

// wave parks n goroutines on a channel, then lets them all finish; main
// waits for them with a sudog of its own.  It returns the objects that
// allocated.
func wave(n int) uint64 {
	before := mallocs()
	ch := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-ch
		}()
	}
	time.Sleep(10 * time.Millisecond)
	close(ch)
	wg.Wait()
	return mallocs() - before
}

func main() {
	runtime.GOMAXPROCS(1)
	time.Sleep(time.Millisecond)
	runtime.GC()
	wave(300)
	fmt.Println("again:", wave(300))
	fmt.Println("fewer:", wave(100))
	runtime.GC()
	fmt.Println("after GC:", wave(300))
}
