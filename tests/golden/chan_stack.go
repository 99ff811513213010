package main

import (
	"fmt"
	"runtime"
	"time"
)

// Goroutines blocked on channels while their stacks move: the GC shrinks
// a stack that grew deep and is now mostly unused (the sleeps let the
// goroutines get there first).

func deep(n int) int {
	var pad [64]int
	pad[n%64] = n
	if n == 0 {
		return pad[0]
	}
	return deep(n-1) + pad[n%64]
}

func receiver(c chan [4]int, out chan int) {
	deep(200)
	var v [4]int
	v = <-c
	out <- v[0] + v[1] + v[2] + v[3]
}

func selecter(c chan string, d chan string, out chan int) {
	deep(200)
	var s string
	select {
	case s = <-c:
	case s = <-d:
	}
	out <- len(s)
}

func sender(c chan [4]int, out chan int) {
	deep(200)
	v := [4]int{1, 2, 3, 4}
	c <- v
	out <- -1
}

func main() {
	c := make(chan [4]int)
	s := make(chan string)
	d := make(chan string)
	out := make(chan int, 3)
	go receiver(c, out)
	go selecter(s, d, out)
	time.Sleep(time.Millisecond)
	for i := 0; i < 3; i++ {
		runtime.Gosched()
		runtime.GC()
	}
	c <- [4]int{10, 20, 30, 40}
	d <- "hello"
	x, y := <-out, <-out
	fmt.Println(x + y)

	go sender(c, out)
	time.Sleep(time.Millisecond)
	for i := 0; i < 3; i++ {
		runtime.Gosched()
		runtime.GC()
	}
	v := <-c
	fmt.Println(v, <-out)
}
