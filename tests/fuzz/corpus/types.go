package main

type Point struct {
	X, Y int `json:"xy"`
}

type Shape interface {
	Area() float64
	fmt.Stringer
}

type (
	List  []*Point
	Index map[string][]int
	Fn    func(a, b int, rest ...string) (int, error)
	In    <-chan chan<- int
	Arr   [...]int
)

const (
	A = iota * 10
	B
	C float64 = 1e3
)
