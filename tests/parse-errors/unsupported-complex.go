package main

func main() {
	c := 3 + 2i
	_ = c
}
