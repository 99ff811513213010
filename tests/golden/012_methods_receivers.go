package main

import "fmt"

type Point struct{ X, Y int }

func (p Point) Sum() int { return p.X + p.Y }

func (p Point) MoveValue(dx int) { p.X += dx }

func (p *Point) Move(dx, dy int) {
	p.X += dx
	p.Y += dy
}

func (p *Point) Reset() { *p = Point{} }

type Celsius float64

func (c Celsius) Fahrenheit() float64 { return float64(c)*9/5 + 32 }

type IntList []int

func (l IntList) Len() int { return len(l) }

func (l *IntList) Push(v int) { *l = append(*l, v) }

type Counter map[string]int

func (c Counter) Inc(k string) { c[k]++ }

func main() {
	p := Point{1, 2}
	p.MoveValue(100)
	fmt.Println("value receiver copy:", p)
	p.Move(10, 20)
	fmt.Println("addressable value, pointer method:", p, p.Sum())

	pp := &Point{3, 4}
	fmt.Println("pointer, value method:", pp.Sum())
	pp.Move(1, 1)
	fmt.Println(*pp)
	pp.Reset()
	fmt.Println(*pp)

	fmt.Println(Celsius(100).Fahrenheit(), Celsius(-40).Fahrenheit())

	var l IntList
	l.Push(1)
	l.Push(2)
	l.Push(3)
	fmt.Println(l, l.Len())

	c := Counter{}
	c.Inc("a")
	c.Inc("a")
	c.Inc("b")
	fmt.Println(c["a"], c["b"], len(c))

	pts := []Point{{1, 1}, {2, 2}}
	for i := range pts {
		pts[i].Move(1, 0)
	}
	for _, q := range pts {
		q.Move(100, 0)
	}
	fmt.Println(pts)
	arr := [2]Point{}
	arr[1].Move(5, 5)
	fmt.Println(arr)
}
