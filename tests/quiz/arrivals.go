package main

import "runtime"

func leaf() int { return 1 }

func down(n int) int { if n == 0 { return 0 }; return down(n - 1) }

func work(id int, c chan int) { c <- id }

var start = leaf()

func main() {
	x := leaf() + leaf()
	y := down(3)
	c := make(chan int)
	go work(1, c)
	go work(2, c)
	runtime.Gosched()
	println(x, y, start, <-c+<-c)
}
