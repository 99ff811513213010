package main

import "fmt"

type Shape interface {
	Area() float64
	Perimeter() float64
}

type Rect struct{ W, H float64 }

type Circle struct{ R float64 }

type Square struct{ Rect }

func (r Rect) Area() float64      { return r.W * r.H }
func (r Rect) Perimeter() float64 { return 2 * (r.W + r.H) }

func (c *Circle) Area() float64      { return 3 * c.R * c.R }
func (c *Circle) Perimeter() float64 { return 6 * c.R }

func (r Rect) String() string { return fmt.Sprintf("Rect(%gx%g)", r.W, r.H) }

func total(shapes ...Shape) float64 {
	t := 0.0
	for _, s := range shapes {
		t += s.Area()
	}
	return t
}

type Named interface{ Name() string }

type Thing string

func (t Thing) Name() string { return "thing:" + string(t) }

func main() {
	shapes := []Shape{Rect{2, 3}, &Circle{1}, Square{Rect{2, 2}}, &Rect{1, 1}}
	for _, s := range shapes {
		fmt.Printf("%v %T %.1f %.1f\n", s, s, s.Area(), s.Perimeter())
	}
	fmt.Println(total(shapes...))

	var s Shape
	fmt.Println(s == nil)
	s = Rect{1, 2}
	fmt.Println(s == Rect{1, 2}, s != Rect{2, 1})
	var a, b Shape = Rect{1, 1}, Rect{1, 1}
	fmt.Println("equal dynamic values:", a == b)
	c1 := &Circle{2}
	a, b = c1, c1
	fmt.Println("same pointer:", a == b, a == Shape(&Circle{2}))

	var n Named = Thing("x")
	fmt.Println(n.Name())
	var e interface{} = n
	fmt.Println(e)
	var any1 any = 42
	var any2 any = 42
	fmt.Println(any1 == any2, any1 == any(42.0))
}
