package main

import "fmt"

func main() {
	ch := make(chan int, 2)
	ch <- 1
	close(ch)
	fmt.Println(<-ch)
	v, ok := <-ch
	fmt.Println(v, ok)
	close(ch)
}
