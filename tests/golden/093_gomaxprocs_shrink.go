package main

import (
	"fmt"
	"runtime"
	"sync"
)

// Lowering GOMAXPROCS while goroutines wait in the run queues of the
// processors that go away: they move to the global queue, and all of
// them run.
func main() {
	runtime.GOMAXPROCS(4)
	a := make(chan int)
	b := make(chan string)
	var wg sync.WaitGroup
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			select {
			case v := <-a:
				_ = v
			case s, ok := <-b:
				_, _ = s, ok
			}
		}(i)
	}
	runtime.Gosched()
	// Woken goroutines spread over the other processors' queues.
	for i := 0; i < 100; i++ {
		a <- i
	}
	fmt.Println(runtime.GOMAXPROCS(1))
	runtime.GC()
	close(b)
	wg.Wait()

	// The same with a mutex, growing to 3 processors first.
	runtime.GOMAXPROCS(3)
	var mu sync.Mutex
	mu.Lock()
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			mu.Unlock()
		}()
	}
	runtime.Gosched()
	runtime.GC()
	mu.Unlock()
	fmt.Println(runtime.GOMAXPROCS(2))
	wg.Wait()
	fmt.Println("done", runtime.NumGoroutine())
}
