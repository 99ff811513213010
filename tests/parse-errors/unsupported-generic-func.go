package main

func Map[T any](xs []T) []T {
	return xs
}

func main() {}
