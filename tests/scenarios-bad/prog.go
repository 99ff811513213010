package main

import "fmt"

type Point struct{ X, Y int }

var cache *Point

func newPoint(x, y int) *Point {
	p := Point{X: x, Y: y}
	return &p
}

func main() {
	// a comment line
	s := make([]int, 0, 4)
	p := newPoint(1, 2)
	cache = p
	s = append(s, p.X)
	fmt.Println(len(s), cap(s),
		cache.Y)
}
