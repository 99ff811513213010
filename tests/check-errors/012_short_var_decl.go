package main

func pair() (int, int) { return 1, 2 }

func main() {
	a := 1
	a := 2
	b, c := 1
	d, e := pair(), 3
	f := pair()
	g, h, i := pair()
	_, _, _, _, _, _, _, _, _ = a, b, c, d, e, f, g, h, i
}
