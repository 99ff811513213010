package main

import "fmt"

var global = make([]int, 2, 3)

func main() {
	s := make([]int, 0, 5)
	for i := 0; i < 6; i++ {
		s = append(s, i)
	}
	name := "gopher"
	m := map[string]int{"a": 1, "b": 2}
	var arr [4]int
	ch := make(chan int, 5)
	ch <- 1
	ch <- 2
	global = append(global, 7, 8)
	fmt.Println(len(s), cap(s), len(name), len(m), len(arr), cap(arr), len(ch), cap(ch), len(global), cap(global))
}
