package main

import (
	"fmt"
	"time"
)

func try(name string, f func()) {
	defer func() {
		r := recover()
		if err, ok := r.(error); ok {
			fmt.Println(name+":", err.Error())
		} else {
			fmt.Println(name+":", r)
		}
	}()
	f()
}

func main() {
	c := make(chan int, 1)
	close(c)
	try("send closed", func() { c <- 1 })
	try("close closed", func() { close(c) })
	var nc chan int
	try("close nil", func() { close(nc) })
	n := -1
	try("make negative", func() { _ = make(chan int, n) })
	try("select send closed", func() {
		select {
		case c <- 1:
		default:
		}
	})

	// A sender blocked when the channel is closed panics when it runs.
	u := make(chan int)
	res := make(chan string)
	go func() {
		defer func() { res <- fmt.Sprint(recover()) }()
		u <- 1
	}()
	time.Sleep(10 * time.Millisecond)
	close(u)
	fmt.Println("blocked sender:", <-res)

	// The same for a select with a send case.
	w := make(chan int)
	go func() {
		defer func() { res <- fmt.Sprint(recover()) }()
		select {
		case w <- 1:
		case <-make(chan int):
		}
	}()
	time.Sleep(10 * time.Millisecond)
	close(w)
	fmt.Println("blocked select:", <-res)

	close(c)
}
