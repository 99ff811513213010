package main

func main() {
	a := [2]int{1, 2, 3}
	b := []int{0: 1, 0: 2}
	c := [...]string{"a", "b"}
	var d [3]int = c
	e := []int{"x"}
	_, _, _, _ = a, b, d, e
}
