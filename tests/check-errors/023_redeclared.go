package main

import "fmt"

var x int
var x string

func f() {}
func f() {}

type T struct{}
type T int

func fmt() {}

func main() {
	a := 1
	var a int
	_ = a
}
