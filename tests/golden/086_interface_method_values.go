package main

import "fmt"

type Shape interface {
	Area() float64
	Scale(k float64) Shape
}

type Sq struct{ s float64 }

func (q Sq) Area() float64         { return q.s * q.s }
func (q Sq) Scale(k float64) Shape { return Sq{q.s * k} }
func (q Sq) String() string        { return fmt.Sprintf("Sq(%g)", q.s) }

type Counter struct{ n int }

func (c *Counter) Inc() int { c.n++; return c.n }

type Incer interface{ Inc() int }

func apply(fs []func() float64) (t float64) {
	for _, f := range fs {
		t += f()
	}
	return
}

func main() {
	var s Shape = Sq{2}
	area := s.Area
	s = Sq{10}
	fmt.Println("bound to the old value:", area(), s.Area())
	scale := s.Scale
	fmt.Println(scale(0.5), scale(3).Area())

	var i Incer = &Counter{}
	inc := i.Inc
	inc()
	inc()
	fmt.Println(i.Inc())

	shapes := []Shape{Sq{1}, Sq{2}, Sq{3}}
	var fs []func() float64
	for _, sh := range shapes {
		fs = append(fs, sh.Area)
	}
	fmt.Println(apply(fs))
	var st fmt.Stringer = Sq{4}
	str := st.String
	fmt.Println(str())
	fmt.Printf("%T\n", area)
}
