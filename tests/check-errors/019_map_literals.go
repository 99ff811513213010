package main

func main() {
	m := map[string]int{"a": 1, "b": 2, "a": 3}
	n := map[int]string{1: "x", 2: "y", 1: "z"}
	o := map[string]int{"k"}
	var bad map[[]int]string
	_, _, _, _ = m, n, o, bad
}
