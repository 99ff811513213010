package main

func main() {
	x := 
	var y int = "s"
}
