package main

import "fmt"

type Key struct{ a, b int }

var sink any
var list []any

func id(x int) int { return x }

// Comparing an interface with a concrete value converts nothing.
func compare(i any, x int) bool {
	switch i {
	case 3, "three":
		return true
	}
	return i == x || x == i || i == Key{1, 2}
}

// Map keys of interface type are boxed; Go reports the box where the
// map expression was translated.
func keys(x int) int {
	m := map[any]int{}
	m[x] = 1
	v, ok := m[x]
	delete(m, x)
	delete(m, "s")
	if ok {
		return v
	}
	return len(m)
}

// Keyed literal elements are converted at the ':'; append, panic and
// delete arguments where the last operand was translated.
func literals(x int) []any {
	type S struct{ A, B any }
	m := map[any]any{x: "y", "k": 2}
	arr := [3]any{2: x, 0: Key{}}
	list = append(list, id(x), x)
	if x > 9 {
		panic(fmt.Sprint("big", x))
	}
	return []any{m, arr, S{B: x, A: id(x)}, S{x, Key{}}}
}

func main() {
	fmt.Println(compare(3, 3), keys(1), len(literals(2)))
}
