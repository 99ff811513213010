package main

import "fmt"

func classify(n int) string {
	if n < 0 {
		return "negative"
	} else if n == 0 {
		return "zero"
	} else if n%2 == 0 {
		return "even"
	} else {
		return "odd"
	}
}

func lookup(m map[string]int, k string) {
	if v, ok := m[k]; ok {
		fmt.Println(k, "found", v)
	} else if len(k) > 3 {
		fmt.Println(k, "missing, long key", v)
	} else {
		fmt.Println(k, "missing", v)
	}
}

func main() {
	for _, n := range []int{-5, 0, 4, 7} {
		fmt.Println(n, classify(n))
	}
	m := map[string]int{"one": 1, "two": 2}
	lookup(m, "one")
	lookup(m, "three")
	lookup(m, "ten")

	calls := 0
	check := func(v bool) bool {
		calls++
		return v
	}
	if check(false) && check(true) {
		fmt.Println("unreachable")
	}
	if check(true) || check(false) {
		fmt.Println("short circuit, calls =", calls)
	}
	if x := calls * 2; x > 3 {
		fmt.Println("x big", x)
	} else {
		fmt.Println("x small", x)
	}
}
