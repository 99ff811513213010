package main

type Point struct {
	X, Y int
}

func main() {
	a := Point{1}
	b := Point{1, 2, 3}
	c := Point{X: 1, Z: 2}
	d := Point{X: 1, X: 2}
	e := Point{X: 1, 2}
	f := Point{"a", 2}
	_, _, _, _, _, _ = a, b, c, d, e, f
}
