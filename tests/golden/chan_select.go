package main

import (
	"fmt"
	"time"
)

func main() {
	a := make(chan int, 100)
	b := make(chan int, 100)
	for i := 0; i < 100; i++ {
		a <- i
		b <- i
	}
	// Both ready: select picks at random.
	na, nb := 0, 0
	for i := 0; i < 100; i++ {
		select {
		case <-a:
			na++
		case <-b:
			nb++
		}
	}
	fmt.Println("both chosen:", na > 10 && nb > 10, na+nb)

	// Default when nothing is ready; nil channels are never ready.
	var nilc chan int
	e := make(chan int)
	select {
	case v := <-nilc:
		fmt.Println("nil", v)
	case e <- 1:
		fmt.Println("sent")
	default:
		fmt.Println("default")
	}

	// A closed channel is always ready.
	c := make(chan string)
	close(c)
	select {
	case s, ok := <-c:
		fmt.Printf("closed %q %v\n", s, ok)
	case <-e:
		fmt.Println("e")
	}

	// Blocking select woken by a sender, by a receiver, by a close.
	r := make(chan int)
	s := make(chan int)
	go func() {
		time.Sleep(10 * time.Millisecond)
		r <- 7
	}()
	select {
	case v := <-r:
		fmt.Println("received", v)
	case s <- 1:
		fmt.Println("sent?")
	}
	go func() {
		time.Sleep(10 * time.Millisecond)
		fmt.Println("took", <-s)
	}()
	select {
	case v := <-r:
		fmt.Println("received?", v)
	case s <- 2:
		time.Sleep(10 * time.Millisecond)
		fmt.Println("sent 2")
	}
	q := make(chan bool)
	go func() {
		time.Sleep(10 * time.Millisecond)
		close(q)
	}()
	select {
	case v, ok := <-q:
		fmt.Println("closed while waiting", v, ok)
	case v := <-r:
		fmt.Println("r?", v)
	}

	// Two cases on the same channel; only one fires.
	d := make(chan int)
	go func() { d <- 5 }()
	select {
	case v := <-d:
		fmt.Println("one of two", v)
	case v := <-d:
		fmt.Println("one of two", v)
	}

	// A select loop with a quit channel.
	data := make(chan int)
	quit := make(chan struct{})
	go func() {
		for i := 1; i <= 5; i++ {
			data <- i
		}
		close(quit)
	}()
	sum := 0
loop:
	for {
		select {
		case v := <-data:
			sum += v
		case <-quit:
			break loop
		}
	}
	fmt.Println("sum", sum)

	// Non-blocking send and receive.
	one := make(chan int, 1)
	for i := 0; i < 3; i++ {
		select {
		case one <- i:
			fmt.Println("queued", i)
		default:
			fmt.Println("full", i)
		}
	}
	select {
	case v := <-one:
		fmt.Println("got", v)
	default:
	}
	select {
	default:
		fmt.Println("only default")
	}
}
