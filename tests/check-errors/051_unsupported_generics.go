package main

func Map[T any](xs []T, f func(T) T) []T {
	return xs
}

func main() {
	_ = Map([]int{1}, func(x int) int { return x })
}
