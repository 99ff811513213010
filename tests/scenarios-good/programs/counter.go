package main

import "fmt"

var total int

func add(n int) {
	total += n
}

func main() {
	for i := 1; i <= 3; i++ {
		add(i)
	}
	fmt.Println(total)
}
