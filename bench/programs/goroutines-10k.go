package main

import "fmt"

type result struct {
	id   int
	data []int
}

func worker(id int, out chan<- *result) {
	data := make([]int, 8)
	for i := range data {
		data[i] = id * i
	}
	out <- &result{id: id, data: data}
}

func main() {
	const n = 10000
	out := make(chan *result)
	for i := 0; i < n; i++ {
		go worker(i, out)
	}
	sum := 0
	for i := 0; i < n; i++ {
		r := <-out
		sum += r.data[7]
	}
	fmt.Println(sum)
}
