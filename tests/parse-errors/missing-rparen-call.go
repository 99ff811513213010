package main

func f(a, b int) {}

func main() {
	f(1, 2
}
