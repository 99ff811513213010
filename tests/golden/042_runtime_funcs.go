package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	fmt.Println("goroutines at start:", runtime.NumGoroutine())
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))

	block := make(chan struct{})
	var started sync.WaitGroup
	for i := 0; i < 4; i++ {
		started.Add(1)
		go func() {
			started.Done()
			<-block
		}()
	}
	started.Wait()
	fmt.Println("goroutines while blocked:", runtime.NumGoroutine())
	close(block)
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
	fmt.Println("goroutines after exit:", runtime.NumGoroutine())

	old := runtime.GOMAXPROCS(1)
	fmt.Println(old, runtime.GOMAXPROCS(0))
	x := new(int)
	*x = 5
	runtime.KeepAlive(x)
	fmt.Println(*x, runtime.NumCPU() > 0)
}
