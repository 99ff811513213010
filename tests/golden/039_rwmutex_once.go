package main

import (
	"fmt"
	"sync"
)

type Cache struct {
	mu   sync.RWMutex
	data map[int]int
}

func (c *Cache) Get(k int) (int, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.data[k]
	return v, ok
}

func (c *Cache) Put(k, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[k] = v
}

var once sync.Once
var initRuns int
var config map[string]string

func loadConfig() {
	initRuns++
	config = map[string]string{"mode": "test"}
}

func main() {
	c := &Cache{data: map[int]int{}}
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(2)
		go func(i int) {
			defer wg.Done()
			c.Put(i, i*10)
		}(i)
		go func(i int) {
			defer wg.Done()
			c.Get(i)
		}(i)
	}
	wg.Wait()
	sum := 0
	for i := 0; i < 10; i++ {
		v, _ := c.Get(i)
		sum += v
	}
	fmt.Println("sum:", sum)

	var wg2 sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			once.Do(loadConfig)
		}()
	}
	wg2.Wait()
	once.Do(loadConfig)
	fmt.Println("init runs:", initRuns, config["mode"])

	var o2 sync.Once
	for i := 0; i < 3; i++ {
		o2.Do(func() { fmt.Println("only once, i =", i) })
	}
	var rw sync.RWMutex
	rw.RLock()
	rw.RLock()
	rw.RUnlock()
	rw.RUnlock()
	rw.Lock()
	rw.Unlock()
}
