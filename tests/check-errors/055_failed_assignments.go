package main

func pair() (int, int) { return 1, 2 }

func main() {
	var x int
	x = "s"
	var y string
	y, z := 1, 2
	a, b := pair(), 3
	var c, d int
	c, d = pair(), 1
	_ = z
}
