package main

func main() {
	x := "aÿ"
	_ = x
}
