package main

import "fmt"

func down(n int) int {
	return down(n+1) + 1
}

func main() {
	fmt.Println("recursing without a base case")
	fmt.Println(down(0))
}
