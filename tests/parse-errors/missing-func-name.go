package main

func (x int) {}

func main() {}
