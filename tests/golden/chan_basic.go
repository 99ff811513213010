package main

import (
	"fmt"
	"time"
)

type Msg struct {
	ID   int
	Text string
	Next *Msg
}

func main() {
	// Unbuffered: a handoff between goroutines.
	c := make(chan Msg)
	go func() {
		c <- Msg{1, "one", &Msg{ID: 2}}
	}()
	m := <-c
	fmt.Println(m.ID, m.Text, m.Next.ID)

	// Buffered: FIFO, len and cap.
	b := make(chan string, 3)
	b <- "a"
	b <- "b"
	fmt.Println(len(b), cap(b), <-b)
	b <- "c"
	b <- "d"
	fmt.Println(len(b), <-b, <-b, <-b, len(b))

	// Closing: buffered values drain first, then zero values with ok false.
	b <- "e"
	close(b)
	v, ok := <-b
	fmt.Println(v, ok)
	v, ok = <-b
	fmt.Printf("%q %v\n", v, ok)
	for range b {
		fmt.Println("never")
	}

	// Receivers woken by close.
	done := make(chan bool)
	gate := make(chan int)
	for i := 0; i < 3; i++ {
		go func() {
			x, ok := <-gate
			done <- ok && x == 0
		}()
	}
	time.Sleep(10 * time.Millisecond)
	close(gate)
	fmt.Println(<-done, <-done, <-done)

	// Waiting receivers are served first come, first served.
	work := make(chan int)
	got := make(chan [2]int, 3)
	for i := 0; i < 3; i++ {
		go func(id int) {
			got <- [2]int{id, <-work}
		}(i)
		time.Sleep(10 * time.Millisecond)
	}
	for v := 10; v <= 30; v += 10 {
		work <- v
	}
	order := [3]int{}
	for i := 0; i < 3; i++ {
		r := <-got
		order[r[0]] = r[1]
	}
	fmt.Println(order)

	// Waiting senders too, and a full buffer takes the first sender's value.
	q := make(chan int, 1)
	q <- 0
	for i := 1; i <= 3; i++ {
		go func(v int) { q <- v }(i)
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println(<-q, <-q, <-q, <-q)

	// Channels of channels, and nil receive targets.
	reply := make(chan chan int, 1)
	inner := make(chan int, 1)
	reply <- inner
	(<-reply) <- 42
	fmt.Println(<-inner)
}
