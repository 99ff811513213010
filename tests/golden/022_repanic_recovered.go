package main

import "fmt"

func cleanup() {
	if r := recover(); r != nil {
		fmt.Println("cleanup saw:", r)
		panic(fmt.Sprint("re-panic after ", r))
	}
}

func work() {
	defer cleanup()
	panic("first failure")
}

func main() {
	defer fmt.Println("main's defer still runs")
	work()
	fmt.Println("not reached")
}
