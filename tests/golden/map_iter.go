package main

import "fmt"

var sink map[int]int

// Every key present for the whole loop is seen exactly once, whatever the
// loop body does to the map.
func check(name string, m map[int]int, body func(k int)) {
	orig := map[int]bool{}
	for k := range m {
		orig[k] = true
	}
	seen := map[int]int{}
	for k := range m {
		seen[k]++
		body(k)
	}
	bad := 0
	for k, c := range seen {
		if c != 1 {
			bad++
		}
		_ = k
	}
	missing := 0
	for k := range orig {
		if _, ok := m[k]; ok && seen[k] == 0 {
			missing++
		}
	}
	fmt.Println(name, "len", len(m), "dups", bad, "missing", missing)
}

func build(n int) map[int]int {
	m := make(map[int]int)
	for i := 0; i < n; i++ {
		m[i] = i * i
	}
	sink = m
	return m
}

func main() {
	m := build(100)
	check("plain", m, func(k int) {})

	m = build(100)
	check("delete odd", m, func(k int) {
		if k%2 == 1 {
			delete(m, k)
		}
	})

	m = build(100)
	check("delete all", m, func(k int) { delete(m, k) })

	// Inserting grows the map while it is iterated.
	m = build(8)
	check("insert grows", m, func(k int) {
		if k < 8 {
			for j := 0; j < 50; j++ {
				m[1000+k*50+j] = j
			}
		}
	})

	// Start iterating in the middle of a grow: 53 keys make the 53rd insert
	// grow from 8 to 16 buckets, and only some are evacuated so far.
	m = make(map[int]int)
	for i := 0; i < 53; i++ {
		m[i] = i
	}
	check("mid grow", m, func(k int) {
		m[k] = -k
	})
	sum := 0
	for _, v := range m {
		sum += v
	}
	fmt.Println("sum", sum)

	// Values updated through the loop.
	m = build(10)
	for k, v := range m {
		m[k] = v + 1
	}
	total := 0
	for _, v := range m {
		total += v
	}
	fmt.Println("updated", total)

	var nilmap map[string]int
	for k := range nilmap {
		fmt.Println("never", k)
	}
	fmt.Println("nil len", len(nilmap), nilmap["x"])

	// Deleting everything then inserting again.
	m = build(1000)
	for i := 0; i < 1000; i++ {
		delete(m, i)
	}
	fmt.Println("emptied", len(m), m[5])
	for i := 0; i < 20; i++ {
		m[i] = i
	}
	total = 0
	for k, v := range m {
		total += k + v
	}
	fmt.Println("refilled", len(m), total)

	// A sliding window: many inserts and deletes (same-size grows).
	w := make(map[int][]byte)
	for i := 0; i < 20000; i++ {
		w[i] = []byte{byte(i)}
		if i >= 64 {
			delete(w, i-64)
		}
	}
	low := 1 << 30
	for k := range w {
		if k < low {
			low = k
		}
	}
	fmt.Println("window", len(w), low, w[low][0], w[19999][0])
}
