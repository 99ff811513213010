package main

func main() {
	r := 'a