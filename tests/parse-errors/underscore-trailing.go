package main

func main() {
	x := 1000_
	_ = x
}
