package main

import "fmt"

type Vec struct{ X, Y int }

func scale(v *Vec, k int) {
	v.X *= k
	v.Y *= k
}

func newVec(x, y int) *Vec { return &Vec{x, y} }

func swap(a, b *int) { *a, *b = *b, *a }

func main() {
	x := 10
	p := &x
	*p += 5
	fmt.Println(x, *p, p == &x)
	pp := &p
	**pp = 99
	fmt.Println(x)

	v := Vec{1, 2}
	scale(&v, 3)
	fmt.Println(v)
	vp := newVec(4, 5)
	vp.X = 40
	(*vp).Y = 50
	fmt.Println(*vp, vp.X+vp.Y)

	a, b := 1, 2
	swap(&a, &b)
	fmt.Println(a, b)

	arr := [3]int{1, 2, 3}
	ep := &arr[1]
	*ep = 20
	fmt.Println(arr)
	s := []int{1, 2, 3}
	sp := &s[2]
	s = append(s, 4)
	*sp = 30
	fmt.Println("old backing modified only:", s)

	n := new(int)
	fmt.Println(*n)
	*n = 7
	nv := new(Vec)
	nv.Y = 8
	fmt.Println(*n, *nv)
	fp := &v.Y
	*fp = -1
	fmt.Println(v)
	var nilp *Vec
	fmt.Println(nilp == nil, nilp)
	q1, q2 := &Vec{1, 1}, &Vec{1, 1}
	fmt.Println(q1 == q2, *q1 == *q2)
	arrp := &arr
	arrp[0] = 100
	fmt.Println(arr, len(arrp))
}
