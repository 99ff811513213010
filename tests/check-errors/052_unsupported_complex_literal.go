package main

func main() {
	c := 3 + 4i
	println(c)
}
