package main

// Maps that do not escape keep their hmap (and, for small hints, their
// first bucket) in the frame, as Go's walkMakeMap does.

import (
	"fmt"
	"runtime"
)

var ms runtime.MemStats

func allocs(f func() int) (int, uint64, uint64) {
	runtime.ReadMemStats(&ms)
	a, b := ms.Mallocs, ms.TotalAlloc
	n := f()
	runtime.ReadMemStats(&ms)
	return n, ms.Mallocs - a, ms.TotalAlloc - b
}

func small() int {
	m := make(map[int]int)
	for i := 0; i < 8; i++ {
		m[i] = i * i
	}
	return len(m) + m[7]
}

func hinted() int {
	m := make(map[int]int, 20)
	for i := 0; i < 20; i++ {
		m[i] = i
	}
	return len(m)
}

// Nine entries outgrow the bucket in the frame.
func outgrown() int {
	m := map[string]int{}
	for _, s := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"} {
		m[s] = len(s)
	}
	return len(m)
}

func literal() int {
	m := map[int]string{1: "one", 2: "two"}
	return len(m[1] + m[2])
}

func sum(m map[int]int) int {
	t := 0
	for _, v := range m {
		t += v
	}
	return t
}

func deep(n int) int {
	var pad [40]int
	pad[n%40] = n
	if n == 0 {
		return 0
	}
	return deep(n-1) + pad[n%40]
}

type T struct{ v int }

func main() {
	for _, f := range []func() int{small, hinted, outgrown, literal} {
		fmt.Println(allocs(f))
	}

	// Fresh storage every iteration.
	total := 0
	for round := 0; round < 3; round++ {
		m := make(map[int]int)
		m[round] = round + 1
		total += len(m) * 10
		total += sum(m)
	}
	fmt.Println("rounds", total)

	// The frame moves (stack growth) while the map points into it, and the
	// GC runs while only the map keeps its values alive.
	m := make(map[int]*T)
	for i := 0; i < 5; i++ {
		m[i] = &T{i}
	}
	deep(300)
	runtime.GC()
	for i := 5; i < 40; i++ {
		m[i] = &T{i}
	}
	runtime.GC()
	deep(300)
	s := 0
	for k, v := range m {
		if k == v.v {
			s += v.v
		}
	}
	fmt.Println("moved", len(m), s)
}
