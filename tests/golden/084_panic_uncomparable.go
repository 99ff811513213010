package main

import "fmt"

type Key struct {
	Name string
	Tags []string
}

func same(a, b interface{}) bool {
	return a == b
}

func main() {
	fmt.Println(same(1, 1), same("a", "b"), same(nil, nil))
	fmt.Println(same([2]int{1, 2}, [2]int{1, 2}))
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		fmt.Println(same([]int{1}, []int{1}))
	}()
	fmt.Println(same(map[string]int{}, 1))
	fmt.Println(same(Key{"a", nil}, Key{"a", nil}))
}
