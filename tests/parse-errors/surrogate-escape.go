package main

func main() {
	s := "\uD800"
	_ = s
}
