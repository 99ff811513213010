package main

import "fmt"

type frame struct {
	a, b, c, d int
}

func depth(n int) int {
	var f frame
	f.a = n
	if n == 0 {
		return 0
	}
	return depth(n-1) + f.a - n + 1
}

func sumTo(n int, acc *int) {
	if n == 0 {
		return
	}
	*acc += n
	sumTo(n-1, acc)
}

func main() {
	fmt.Println(depth(100000))
	total := 0
	sumTo(200000, &total)
	fmt.Println(total)
	ch := make(chan int)
	go func() { ch <- depth(50000) }()
	fmt.Println(<-ch)
	local := 42
	p := &local
	depth(30000)
	fmt.Println("pointer into the moved stack still valid:", *p)
}
