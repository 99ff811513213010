package main

import "fmt"

func main() {
	ch := make(chan string, 1)
	close(ch)
	fmt.Println("sending on a closed channel")
	ch <- "late"
}
