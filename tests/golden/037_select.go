package main

import "fmt"

func main() {
	ch := make(chan int, 1)
	select {
	case v := <-ch:
		fmt.Println("unexpected", v)
	default:
		fmt.Println("empty: default")
	}
	ch <- 1
	select {
	case ch <- 2:
		fmt.Println("unexpected send")
	default:
		fmt.Println("full: default")
	}
	select {
	case v, ok := <-ch:
		fmt.Println("received", v, ok)
	default:
		fmt.Println("unexpected default")
	}

	// Several ready cases: the choice is random, the total is not.
	a := make(chan int, 5)
	b := make(chan int, 5)
	for i := 0; i < 5; i++ {
		a <- 1
		b <- 10
	}
	sum := 0
	for i := 0; i < 10; i++ {
		select {
		case v := <-a:
			sum += v
		case v := <-b:
			sum += v
		}
	}
	fmt.Println("sum:", sum)

	// A nil channel case is never ready.
	var nilCh chan int
	c := make(chan int, 1)
	c <- 7
	select {
	case <-nilCh:
		fmt.Println("never")
	case v := <-c:
		fmt.Println("from c", v)
	}

	quit := make(chan bool)
	data := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			data <- i
		}
		close(quit)
	}()
	got := 0
	for {
		select {
		case v := <-data:
			got += v + 1
			continue
		case <-quit:
		}
		break
	}
	fmt.Println("got", got)
	out := make(chan string, 1)
	select {
	case out <- "sent":
	}
	fmt.Println(<-out)
}
