package main

import "fmt"

func divmod(a, b int) (q, r int) {
	q = a / b
	r = a % b
	return
}

func swap(a, b string) (string, string) { return b, a }

func sum(prefix string, nums ...int) string {
	t := 0
	for _, n := range nums {
		t += n
	}
	return fmt.Sprint(prefix, len(nums), " ", t, " ", nums == nil)
}

func fact(n int) int {
	if n <= 1 {
		return 1
	}
	return n * fact(n-1)
}

func named() (x int, err error) {
	x = 5
	if x > 3 {
		return x * 2, nil
	}
	return
}

func apply(f func(int) int, vals ...int) []int {
	out := make([]int, 0, len(vals))
	for _, v := range vals {
		out = append(out, f(v))
	}
	return out
}

func pass(a ...int) string { return sum("pass:", a...) }

func main() {
	q, r := divmod(17, 5)
	fmt.Println(q, r)
	fmt.Println(swap("x", "y"))
	fmt.Println(sum("none:"))
	fmt.Println(sum("three:", 1, 2, 3))
	s := []int{4, 5, 6, 7}
	fmt.Println(sum("spread:", s...))
	fmt.Println(pass(), pass(1))
	fmt.Println(fact(10))
	fmt.Println(named())
	fmt.Println(apply(fact, 1, 2, 3, 4, 5))
	fmt.Println(divmod(divmod(100, 7)))
	var f func(string, ...int) string = sum
	fmt.Println(f("via value:", 9))
}
