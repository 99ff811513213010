package main

func main() {
	s := uint(10)
	y1 := float64(1 << s)
	y2 := string(1 << s)
	var f float64 = 1 << s
	_, _, _ = y1, y2, f
}
