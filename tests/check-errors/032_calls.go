package main

func main() {
	x := 5
	x()
	var f func(int) int
	f("a")
	s := "abc"
	s.Len()
	_ = f
}
