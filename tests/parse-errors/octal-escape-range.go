package main

func main() {
	s := "\400"
	_ = s
}
