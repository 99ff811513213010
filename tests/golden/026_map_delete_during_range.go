package main

import "fmt"

func main() {
	m := map[int]bool{}
	for i := 0; i < 100; i++ {
		m[i] = i%3 == 0
	}
	for k, v := range m {
		if !v {
			delete(m, k)
		}
	}
	fmt.Println("after deleting during range:", len(m))

	n := map[string]int{"a": 1, "b": 2, "c": 3, "d": 4}
	seen := 0
	for k := range n {
		delete(n, k)
		seen++
	}
	fmt.Println("deleted all:", len(n), "iterations:", seen)

	sum := 0
	for k, v := range m {
		if v {
			sum += k
		}
	}
	fmt.Println("sum of multiples of 3:", sum)

	// Clearing a map by deleting every key keeps it usable.
	for k := range m {
		delete(m, k)
	}
	m[7] = true
	fmt.Println(len(m), m)
}
