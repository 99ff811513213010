package main

type Meters int
type Feet int

func main() {
	var m Meters = 3
	var f Feet = 4
	sum := m + f
	s := "a" + 1
	var i int = 2
	var g float64 = 1.5
	h := i * g
	ok := i == "x"
	_, _, _, _ = sum, s, h, ok
}
