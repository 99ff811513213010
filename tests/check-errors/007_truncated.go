package main

func main() {
	var a int = 1.5
	var b int8 = 2.5
	const c = int(3.7)
	x := []int{1, 2, 3}
	_ = x[1.5]
	_, _ = a, b
}
