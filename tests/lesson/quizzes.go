package main

import (
	"fmt"
	"runtime"
)

type Point struct {
	X, Y int
}

func newPoint(x, y int) *Point {
	p := Point{X: x, Y: y}
	return &p
}

func main() {
	var s []int
	for i := 0; i < 5; i++ {
		s = append(s, i)
	}
	b := newPoint(1, 2)
	fmt.Println(len(s), b.X)
	b = nil
	runtime.GC()
	fmt.Println(cap(s))
}
