package main

func main() {
	for i := range 10 {
		_ = i
	}
	ch := make(chan int)
	for a, b := range ch {
		_, _ = a, b
	}
	var out chan<- int
	for x := range out {
		_ = x
	}
	p := 3.5
	for range p {
	}
}
