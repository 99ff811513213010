package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	delays := map[string]int{"slow": 60, "fast": 10, "medium": 35}
	for name, d := range delays {
		wg.Add(1)
		go func(name string, d int) {
			defer wg.Done()
			time.Sleep(time.Duration(d) * time.Millisecond)
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
		}(name, d)
	}
	wg.Wait()
	fmt.Println(order)

	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	el := time.Since(start)
	fmt.Println("slept at least 20ms:", el >= 20*time.Millisecond)

	done := make(chan string)
	go func() {
		time.Sleep(30 * time.Millisecond)
		done <- "late"
	}()
	go func() {
		time.Sleep(5 * time.Millisecond)
		done <- "early"
	}()
	fmt.Println(<-done, <-done)
	fmt.Println(time.Duration(1500)*time.Millisecond, 90*time.Second, time.Duration(0), 1500*time.Microsecond)
	fmt.Println(time.Second.Milliseconds(), (2 * time.Minute).Seconds(), time.Hour)
	time.Sleep(0)
	time.Sleep(-5)
	fmt.Println("done")
}
