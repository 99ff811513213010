package main

const a int
const (
	b, c = 1
	d    = 1, 2
	e
)

var f, g = 1, 2, 3
var h, i, j = 1, 2

func main() {
	var k, l = 1, 2, 3
	var m, n, o = 1, 2
	_, _, _, _, _ = k, l, m, n, o
}
