package main

import (
	"fmt"
	"sync"
)

type Job struct{ ID int }

func work(j *Job, wg *sync.WaitGroup) {
	defer wg.Done()
	_ = j.ID
}

func process(j Job) int { return j.ID }

type Server struct{ hits int }

func (s *Server) serve(n int) { s.hits += n }

func main() {
	var wg sync.WaitGroup
	j := Job{1}
	wg.Add(1)
	// Arguments of a go statement are evaluated into a closure that escapes.
	go work(&j, &wg)

	k := Job{2}
	wg.Add(1)
	go func() {
		defer wg.Done()
		process(k)
	}()

	var s Server
	wg.Add(1)
	go func(n int) {
		defer wg.Done()
		s.serve(n)
	}(3)

	ch := make(chan int)
	go func() { ch <- 1 }()
	<-ch
	wg.Wait()
	fmt.Println(s.hits)
}
