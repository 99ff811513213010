package main

func main() {
	n := 5
	_ = len(n)
	_ = cap(map[int]int{})
	_ = append(n, 1)
	_ = make(int)
	_ = make([]int)
	_ = make([]int, 2, 1)
	_ = new(5)
	var m map[string]int
	delete(m, 1)
	var r <-chan int
	close(r)
	copy(n, n)
	_ = len()
	_ = len("a", "b")
}
