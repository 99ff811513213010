package main

import "fmt"

func producer(n int, out chan<- int) {
	for i := 1; i <= n; i++ {
		out <- i
	}
	close(out)
}

func square(in <-chan int, out chan<- int) {
	for v := range in {
		out <- v * v
	}
	close(out)
}

func main() {
	b := make(chan string, 3)
	fmt.Println(len(b), cap(b))
	b <- "a"
	b <- "b"
	fmt.Println(len(b), cap(b), <-b, len(b))
	close(b)
	v, ok := <-b
	fmt.Println(v, ok)
	v, ok = <-b
	fmt.Printf("%q %v\n", v, ok)

	u := make(chan int)
	fmt.Println(len(u), cap(u))
	done := make(chan bool)
	go func() {
		u <- 42
		done <- true
	}()
	fmt.Println(<-u, <-done)

	nums := make(chan int)
	sq := make(chan int)
	go producer(5, nums)
	go square(nums, sq)
	total := 0
	for s := range sq {
		total += s
	}
	fmt.Println("pipeline sum:", total)

	var nilCh chan int
	fmt.Println(nilCh == nil, len(nilCh), cap(nilCh))
	closed := make(chan struct{})
	close(closed)
	<-closed
	_, ok2 := <-closed
	fmt.Println("closed struct chan:", ok2)

	results := make(chan int, 10)
	for i := 0; i < 10; i++ {
		go func(n int) { results <- n }(i)
	}
	sum := 0
	for i := 0; i < 10; i++ {
		sum += <-results
	}
	fmt.Println("fan-in sum:", sum)
}
