package main

type Shape interface {
	Area() int
}

type Square struct{ s int }

func (q *Square) Area() int { return q.s * q.s }

type Circle struct{}

func main() {
	n := 5
	_ = n.(int)
	var s Shape = &Square{2}
	_ = s.(Square)
	_ = s.(Circle)
	_ = s.(*Square)
}
