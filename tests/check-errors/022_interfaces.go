package main

import "fmt"

type Shape interface {
	Area() int
	Perimeter() int
}

type Rect struct{ w, h int }

func (r Rect) Area() int { return r.w * r.h }

type Sq struct{ s int }

func (q *Sq) Area() int      { return q.s * q.s }
func (q *Sq) Perimeter() int { return 4 * q.s }

type Stringy interface {
	String() string
}

type Num int

func (n Num) String() int { return int(n) }

func main() {
	var a Shape = Rect{1, 2}
	var b Shape = Sq{3}
	var c Shape = &Sq{3}
	var d Stringy = Num(3)
	var e fmt.Stringer = 5
	fmt.Println(a, b, c, d, e)
}
