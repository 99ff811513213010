package main

import "fmt"

const (
	A int8 = 100 * iota
	B
	C
)

const x = iota + len("ab")

var v = iota

func main() {
	const y int = "s"
	var w int
	const z = w
	fmt.Println(A, B, C, x, v, y, z)
}
