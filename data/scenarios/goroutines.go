// A goroutine blocked for ever is a leak: the collector never
// frees it, nor anything it can reach. And goroutines are
// cheap, not free: each one has its own stack.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

type Result [1 << 20]byte // 1 MiB of results

// fetch prepares a Result and starts a goroutine to deliver it.
func fetch(results chan *Result) {
	r := new(Result)
	go func() {
		results <- r // blocks until someone receives
	}()
}

func main() {
	for i := 0; i < 5; i++ {
		fetch(make(chan *Result)) // nobody will ever receive: a leak
	}
	served := make(chan *Result)
	fetch(served)
	r := <-served // this one is received: its goroutine can finish
	fmt.Println("received", len(r), "bytes")
	runtime.GC()
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	fmt.Println("goroutines:", runtime.NumGoroutine(), "| heap held:", s.HeapAlloc>>20, "MiB")

	block := make(chan struct{})
	var wg sync.WaitGroup
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < 2000; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); <-block }() // parks until block closes
	}
	runtime.ReadMemStats(&after)
	fmt.Println("goroutines:", runtime.NumGoroutine())
	perG := float64(after.StackInuse-before.StackInuse) / 2000
	fmt.Printf("stack per goroutine: %.0f KiB\n", perG/1024)
	close(block)
	wg.Wait()
}
