package main

func main() {
	go func() {
		select {}
	}()
	var a, b chan int
	select {
	case <-a:
	case b <- 1:
	}
}
