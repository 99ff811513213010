package main

import "fmt"

func main() {
	defer func() {
		panic("third")
	}()
	defer func() {
		fmt.Println("deferred function runs during panic")
		panic("second")
	}()
	panic("first")
}
