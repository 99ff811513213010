package main

import (
	"fmt"
	"sync"
	"time"
)

type Account struct {
	mu      sync.Mutex
	balance int
}

func (a *Account) Deposit(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
}

type Cache struct {
	mu   sync.RWMutex
	data map[string]int
}

func (c *Cache) Get(k string) (int, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.data[k]
	return v, ok
}

func (c *Cache) Set(k string, v int) {
	c.mu.Lock()
	c.data[k] = v
	c.mu.Unlock()
}

func main() {
	var acc Account
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				acc.Deposit(n)
			}
		}(i)
	}
	wg.Wait()
	fmt.Println("balance", acc.balance)

	// Readers and writers.
	c := &Cache{data: map[string]int{}}
	var rw sync.WaitGroup
	hits := make([]int, 10)
	for i := 0; i < 10; i++ {
		rw.Add(2)
		go func(i int) {
			defer rw.Done()
			for j := 0; j < 30; j++ {
				c.Set(fmt.Sprint("k", j%5), i)
			}
		}(i)
		go func(i int) {
			defer rw.Done()
			for j := 0; j < 30; j++ {
				if _, ok := c.Get(fmt.Sprint("k", j%5)); ok {
					hits[i]++
				}
			}
		}(i)
	}
	rw.Wait()
	fmt.Println("keys", len(c.data))

	// Many readers hold the lock together; a writer waits for all of them.
	var m sync.RWMutex
	var inside, maxInside int
	var stats sync.Mutex
	var rd sync.WaitGroup
	for i := 0; i < 5; i++ {
		rd.Add(1)
		go func() {
			defer rd.Done()
			m.RLock()
			stats.Lock()
			inside++
			if inside > maxInside {
				maxInside = inside
			}
			stats.Unlock()
			time.Sleep(20 * time.Millisecond)
			stats.Lock()
			inside--
			stats.Unlock()
			m.RUnlock()
		}()
	}
	time.Sleep(5 * time.Millisecond)
	m.Lock()
	fmt.Println("writer sees", inside, "readers inside, max was", maxInside)
	m.Unlock()
	rd.Wait()

	// TryLock.
	var t sync.Mutex
	fmt.Println(t.TryLock(), t.TryLock())
	t.Unlock()
	fmt.Println(t.TryLock())
	t.Unlock()

	// A WaitGroup can be reused once Wait returned.
	var g sync.WaitGroup
	for round := 0; round < 3; round++ {
		total := 0
		var tm sync.Mutex
		for i := 1; i <= 4; i++ {
			g.Add(1)
			go func(n int) {
				tm.Lock()
				total += n * round
				tm.Unlock()
				g.Done()
			}(i)
		}
		g.Wait()
		fmt.Println("round", round, total)
	}

	// Several goroutines wait on one WaitGroup.
	var start sync.WaitGroup
	start.Add(1)
	var all sync.WaitGroup
	out := make(chan int, 3)
	for i := 0; i < 3; i++ {
		all.Add(1)
		go func(i int) {
			defer all.Done()
			start.Wait()
			out <- i
		}(i)
	}
	time.Sleep(5 * time.Millisecond)
	start.Done()
	all.Wait()
	fmt.Println("released", len(out))

	// A mutex held for long enough goes into starvation mode; it still
	// works.
	var sm sync.Mutex
	var sw sync.WaitGroup
	count := 0
	for i := 0; i < 4; i++ {
		sw.Add(1)
		go func() {
			defer sw.Done()
			for j := 0; j < 100; j++ {
				sm.Lock()
				count++
				if j%25 == 0 {
					time.Sleep(2 * time.Millisecond)
				}
				sm.Unlock()
			}
		}()
	}
	sw.Wait()
	fmt.Println("count", count)

	// Once.
	var once sync.Once
	calls := 0
	for i := 0; i < 3; i++ {
		once.Do(func() { calls++ })
	}
	fmt.Println("once", calls)
}
