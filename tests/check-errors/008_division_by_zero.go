package main

func main() {
	const a = 10 / 0
	x := 5
	y := x / 0
	z := 3.0 / 0
	w := x % 0
	_, _, _ = y, z, w
}
