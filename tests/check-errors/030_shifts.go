package main

func main() {
	x := 1
	_ = x << -1
	_ = 1 << 1.5
	_ = 1.5 << 2
	var f float64 = 2
	_ = f << 1
	s := "a"
	_ = x << s
	var u uint = 3
	_ = 1 << u
}
