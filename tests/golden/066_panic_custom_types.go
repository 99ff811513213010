package main

import "fmt"

type Code int

type Label string

func main() {
	defer func() {
		r := recover()
		fmt.Println("recovered", r)
		var f float64 = 1.5
		defer func() {
			fmt.Println("second", recover())
			panic(Label("final label"))
		}()
		panic(f)
	}()
	panic(Code(42))
}
