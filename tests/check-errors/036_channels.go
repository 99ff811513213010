package main

func main() {
	var r <-chan int
	r <- 1
	var s chan<- int
	_ = <-s
	n := 5
	n <- 1
	_ = <-n
	c := make(chan string)
	c <- 5
}
