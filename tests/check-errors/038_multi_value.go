package main

func pair() (int, int) { return 1, 2 }

func none() {}

func main() {
	x := pair() + 1
	var y int = pair()
	z := none()
	println(none())
	_, _, _ = x, y, z
}
