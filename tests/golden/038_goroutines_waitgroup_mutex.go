package main

import (
	"fmt"
	"sync"
)

type SafeCounter struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *SafeCounter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key]++
}

func main() {
	var wg sync.WaitGroup
	c := SafeCounter{m: map[string]int{}}
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				c.Inc("k")
				if n%2 == 0 {
					c.Inc("even")
				}
			}
		}(i)
	}
	wg.Wait()
	fmt.Println(c.m["k"], c.m["even"])

	var mu sync.Mutex
	total := 0
	var wg2 sync.WaitGroup
	wg2.Add(10)
	for i := 1; i <= 10; i++ {
		go func(v int) {
			mu.Lock()
			total += v
			mu.Unlock()
			wg2.Done()
		}(i)
	}
	wg2.Wait()
	fmt.Println("total:", total)

	results := make([]int, 8)
	var wg3 sync.WaitGroup
	for i := range results {
		wg3.Add(1)
		go func(i int) {
			defer wg3.Done()
			results[i] = i * i
		}(i)
	}
	wg3.Wait()
	fmt.Println(results)
	fmt.Println(mu.TryLock(), mu.TryLock())
	mu.Unlock()
}
