package main

func main() {
	x := Pair[int, string]{}
	_ = x
}
