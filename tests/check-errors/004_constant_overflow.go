package main

import "fmt"

func main() {
	var a int8 = 300
	var b uint = -1
	var c byte = 'x' + 200
	const big = 1 << 70
	var d int = big
	var e float32 = 1e300
	var f int8 = 100
	g := f + 1000
	fmt.Println(a, b, c, d, e, g)
}
