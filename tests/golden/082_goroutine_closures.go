package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sum := 0
	for i := 1; i <= 100; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			mu.Lock()
			sum += n
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	fmt.Println("sum:", sum)

	results := make([]string, 5)
	for i := range results {
		wg.Add(1)
		i := i
		go func() {
			defer wg.Done()
			results[i] = fmt.Sprint("job", i)
		}()
	}
	wg.Wait()
	fmt.Println(results)

	counter := 0
	incr := func() {
		mu.Lock()
		defer mu.Unlock()
		counter++
	}
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			incr()
		}()
	}
	wg.Wait()
	fmt.Println("counter:", counter)

	ch := make(chan func() int, 3)
	for i := 0; i < 3; i++ {
		v := i * 10
		ch <- func() int { return v }
	}
	close(ch)
	for f := range ch {
		fmt.Print(f(), " ")
	}
	fmt.Println()
}
