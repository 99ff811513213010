package main

import "fmt"

func try(name string, f func()) {
	defer func() {
		r := recover()
		if err, ok := r.(error); ok {
			fmt.Println(name+":", err.Error())
		} else {
			fmt.Println(name+":", r)
		}
	}()
	f()
}

func main() {
	var nilmap map[string]int
	try("nil assign", func() { nilmap["a"] = 1 })
	try("nil incr", func() { nilmap["a"]++ })
	try("nil delete", func() { delete(nilmap, "a"); panic("no panic") })

	m := map[any]int{}
	try("slice key", func() { m[[]int{1}] = 1 })
	try("map key", func() { _ = m[map[string]int{}] })
	try("func key", func() { delete(m, func() {}) })
	var nm map[any]bool
	try("nil map read", func() { _ = nm[[]byte("x")] })

	type S struct{ X []int }
	try("struct key", func() { m[S{}] = 2 })
	fmt.Println(len(m))

	var im map[interface{ M() }]int
	fmt.Println(len(im))

	// The unrecovered one.
	var counts map[string]int
	counts["x"]++
}
