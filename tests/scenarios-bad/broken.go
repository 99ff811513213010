package main

func main() {
	x := 1
	var y int = "two"
}
