package main

func main() {
	s := "a\xZZ"
	_ = s
}
