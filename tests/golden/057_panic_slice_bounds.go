package main

import "fmt"

func window(s []int, lo, hi int) []int {
	return s[lo:hi]
}

func main() {
	data := make([]int, 4, 8)
	fmt.Println(window(data, 1, 3))
	fmt.Println(len(window(data, 0, 8)))
	fmt.Println(window(data, 2, 9))
}
