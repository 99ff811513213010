package main

func main() {
	s := "a\qb"
	_ = s
}
