package main

import "fmt"

func main() {
	ch := make(chan *[4]int, 1)
	ch <- new([4]int)
	n := len(<-ch)
	fmt.Println(n, len(ch))
}
