package main

import "strings"

type Point struct{ X, Y int }

func (p Point) Len() int { return p.X }

func main() {
	p := Point{1, 2}
	_ = p.x
	_ = p.len()
	var b strings.Builder
	b.writeString("x")
	_ = b.string()
}
