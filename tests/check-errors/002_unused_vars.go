package main

func main() {
	x := 1
	y := 2
	x = 3
	var z int
	w, v := 1, 2
	_ = v
	f := func() {
		inner := 5
		y = 4
	}
	f()
}
