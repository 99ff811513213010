package main

import (
	"fmt"
	"runtime"
)

func wait(c chan int, buf []int) {
	<-c
	_ = buf
}

func deep(n int) int {
	var pad [128]int
	pad[0] = n
	if n == 0 {
		return 0
	}
	return deep(n-1) + pad[0]
}

func main() {
	c := make(chan int)
	for i := 0; i < 3; i++ {
		go wait(c, make([]int, i))
	}
	runtime.Gosched()
	fmt.Println(runtime.NumGoroutine())
	fmt.Println(deep(20))
	close(c)
}
