package main

func native(x int) int

func main() {
	_ = native(1)
}
