package main

import "fmt"

const nanos = 0.0005 * 1e9
const third = 1.0 / 3

func main() {
	var a int64 = nanos
	var b int = 0.1 * 10
	var c int = third * 3
	var d int = third
	fmt.Println(a, b, c, d)
}
