package main

func main() {
	x := 1p4
	_ = x
}
