package main

type T struct{}

func (t T) M[P any]() {}

func main() {}
