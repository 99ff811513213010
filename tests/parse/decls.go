// Declarations: package clause, imports, constants, variables, types.
package main

import "fmt"

import (
	"strings"
	str "strconv"
	. "errors"
	_ "os"
)

const Pi = 3.14159

const (
	KB = 1 << (10 * (iota + 1))
	MB
	GB
)

const (
	a, b = iota, iota * 10
	c, d
	_, _
	e int = 7
)

var global int

var (
	x, y    = 1, 2
	z       float64
	p, q, r = fmt.Sprint, strings.Repeat, str.Itoa
	err     = New("x")
)

type Celsius float64

type Alias = int

type (
	Point struct {
		X, Y int
	}
	Tagged struct {
		Name string `json:"name"`
		Age  int    "age"
		_    [0]func()
	}
	Embeds struct {
		Point
		*Tagged
		strings.Builder
		fmt.Stringer
	}
	Anon struct {
		inner struct{ a, b int }
	}
	Slice  []int
	Matrix [3][4]float64
	Dict   map[string][]*Point
	Ptr    *Point
	Fn     func(int, string) (bool, error)
	Named  func(a, b int, rest ...string) (n int, err error)
	Empty  interface{}
	Shape  interface {
		Area() float64
		Perimeter() (p float64)
		fmt.Stringer
		error
	}
	Both chan int
	Send chan<- int
	Recv <-chan int
	Nest chan (<-chan int)
	SendRecv chan<- <-chan int
)

func main() {}
