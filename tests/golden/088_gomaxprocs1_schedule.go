package main

import (
	"fmt"
	"runtime"
	"sync"
)

// With one P the order is Go's: the newest goroutine runs next, the
// others in creation order; Gosched sends the caller to the back.
func main() {
	runtime.GOMAXPROCS(1)
	done := make(chan bool)
	for i := 0; i < 3; i++ {
		go func(n int) {
			for j := 0; j < 2; j++ {
				fmt.Println("g", n, "step", j)
				runtime.Gosched()
			}
			done <- true
		}(i)
	}
	for i := 0; i < 3; i++ {
		<-done
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	order := []int{}
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			mu.Lock()
			order = append(order, n)
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	fmt.Println(order)

	ch := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			ch <- i
			fmt.Println("sent", i)
		}
		close(ch)
	}()
	for v := range ch {
		fmt.Println("recv", v)
	}
}
