package main

type List[T any] []T

func main() {}
