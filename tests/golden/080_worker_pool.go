package main

import (
	"fmt"
	"sync"
)

type Job struct {
	ID int
	N  int
}

type Result struct {
	ID  int
	Sum int
}

func worker(jobs <-chan Job, results chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		s := 0
		for i := 1; i <= j.N; i++ {
			s += i
		}
		results <- Result{j.ID, s}
	}
}

func main() {
	jobs := make(chan Job, 100)
	results := make(chan Result, 100)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go worker(jobs, results, &wg)
	}
	for i := 0; i < 20; i++ {
		jobs <- Job{i, i * 10}
	}
	close(jobs)
	go func() {
		wg.Wait()
		close(results)
	}()
	byID := make([]int, 20)
	count := 0
	for r := range results {
		byID[r.ID] = r.Sum
		count++
	}
	fmt.Println(count, byID[0], byID[1], byID[19])
	total := 0
	for _, s := range byID {
		total += s
	}
	fmt.Println("total:", total)
}
