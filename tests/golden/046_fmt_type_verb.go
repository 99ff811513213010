package main

import (
	"errors"
	"fmt"
)

type Celsius float64

type Point struct{ X, Y int }

type Shape interface{ Area() float64 }

type Handler func(string) error

type Matrix [2][3]int

func main() {
	var i8 int8
	var u uint
	var r rune
	var b byte
	var f32 float32
	var e error = errors.New("x")
	var sh Shape
	fmt.Printf("%T %T %T %T %T %T %T\n", 1, i8, u, r, b, f32, 2.5)
	fmt.Printf("%T %T %T %T\n", "s", true, nil, e)
	fmt.Printf("%T %T %T\n", Celsius(1), Point{}, &Point{})
	fmt.Printf("%T %T %T %T\n", []int{}, [3]string{}, map[string][]int{}, [][]*Point{})
	fmt.Printf("%T %T %T\n", make(chan int), make(<-chan string), make(chan<- bool))
	fmt.Printf("%T %T %T\n", func() {}, func(int, ...string) (bool, error) { return false, nil }, Handler(nil))
	fmt.Printf("%T %T\n", struct{}{}, struct {
		A int
		b string
	}{})
	fmt.Printf("%T %T %T\n", sh, Matrix{}, new(*int))
	var any1 interface{} = map[Celsius]Point{}
	fmt.Printf("%T %v\n", any1, any1)
	fmt.Println(fmt.Sprintf("%T", uintptr(0)), fmt.Sprintf("%T", []interface{}{1}))
	fmt.Printf("%T %T\n", [0]int{}, []struct{ X int }{})
	fmt.Printf("%T %T\n", int64(1), uint16(2))
}
