package main

type Point struct{ X, Y int }

type Line struct{ A, B Point }

func main() {
	a, b, c := 1, 2, 3
	_ = a + b*c - a/b%c<<1>>a&b&^c | a ^ b
	_ = a == b || a != b && a < b || a <= b && a > b || a >= b
	_ = -a + +b - ^c
	_ = !true
	_ = (a + b) * c
	p := &Point{1, 2}
	_ = *p
	_ = **&p
	_ = - -a
	ch := make(chan int)
	_ = <-ch
	_ = float64(a) / 2
	_ = []byte("hi")
	_ = string(rune(65))
	_ = (*Point)(p)
	_ = (<-chan int)(ch)
	_ = func(x int) int { return x }(a)
	pts := []Point{{1, 2}, {X: 3}}
	_ = [...]string{"a", 2: "c"}
	_ = [2][2]int{{1, 2}, {3, 4}}
	_ = map[string]Point{"o": {}, "x": {X: 1}}
	_ = map[Point]string{{1, 2}: "a"}
	_ = []*Point{{1, 2}, &Point{}}
	_ = struct{ A, B int }{1, 2}
	_ = Line{A: Point{X: 1}, B: Point{}}
	_ = pts[1:]
	_ = pts[:1]
	_ = pts[1:2]
	_ = pts[:]
	_ = pts[0:1:2]
	_ = pts[:1:2]
	_ = pts[len(pts)-1].X
	var e interface{} = a
	_ = e.(int)
	_, ok := e.(*Point)
	_ = ok
	m := map[string]int{}
	v, found := m["k"]
	_, _ = v, found
	_ = append([]int{}, []int{1, 2}...)
	_ = new(int)
	_ = make([]int, 0, 10)
	_ = make(map[int][]string)
	if p == (&Point{}) {
	}
	if (Point{}) == *p {
	}
	for _, q := range []Point{{}} {
		_ = q
	}
	switch (Point{1, 2}) {
	}
	_ = 'x' + '\n'
	_ = "s" + `raw`
	_ = Point.String
	_ = p.X
	_ = struct{}{}
	var f func(...int)
	f(1, 2,
		3,
	)
	_ = <-chan int(nil)
	var cc chan<- chan int
	_ = cc
}

func (p Point) String() string { return "" }
