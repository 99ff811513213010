package main

import "fmt"

type Point struct{ X, Y int }

// Returning the address of a local moves it to the heap.
func newPoint(x, y int) *Point {
	p := Point{x, y}
	return &p
}

// new and &T{} are the same: their storage escapes when returned.
func newInt() *int {
	return new(int)
}

func newLit() *Point {
	return &Point{1, 2}
}

// Returning a copy allocates nothing.
func copyPoint(x int) Point {
	p := Point{x, x}
	return p
}

// A named result whose address is returned.
func named() (r int) {
	q := &r
	*q = 7
	return
}

// The address of a named result leaves through another result.
func namedAddr() (r int, p *int) {
	return 1, &r
}

// Returning the address of an element of a local array: the whole array moves.
func elem() *int {
	var a [4]int
	return &a[2]
}

// A pointer to a local that is only used locally stays on the stack.
func local() int {
	v := 3
	p := &v
	*p += 1
	return v
}

func main() {
	a := newPoint(1, 2)
	b := newInt()
	c := newLit()
	d := copyPoint(3)
	r, p := namedAddr()
	fmt.Println(a.X, *b, c.Y, d.X, named(), r, *p, *elem(), local())
}
