package main

import "fmt"

type Point struct {
	X, Y int
	Name string
}

// A deferred call that has recovered a panic goes on comparing structs
// and interfaces; a comparison that panics there starts a new panic.
func safe() (ok bool) {
	defer func() {
		r := recover()
		fmt.Println("recovered:", r)
		ok = Point{1, 2, "a"} == Point{1, 2, "a"}
		var a, b interface{} = Point{1, 2, "a"}, Point{1, 2, "b"}
		fmt.Println("still running:", ok, a == b)
	}()
	var x, y interface{} = []int{1}, []int{1}
	fmt.Println(x == y)
	return false
}

func main() {
	fmt.Println("safe returned", safe())
	defer func() {
		recover()
		var x, y interface{} = map[string]int{}, map[string]int{}
		fmt.Println("comparing maps...")
		fmt.Println(x == y)
	}()
	panic("first")
}
