package main

// Allocation counts and bytes of Go 1.19 maps (go-runtime-facts.md §8):
// only the cases that do not depend on where the hash puts keys.

import (
	"fmt"
	"runtime"
)

var (
	ii  map[int]int
	si  map[string]int
	ip  map[int]*int
	ib  map[int][200]byte
	bi  map[[200]byte]int
	ms  runtime.MemStats
	m0  uint64
	t0  uint64
	res [32][2]uint64
	n   int
)

func start() {
	runtime.ReadMemStats(&ms)
	m0, t0 = ms.Mallocs, ms.TotalAlloc
}

func stop() {
	runtime.ReadMemStats(&ms)
	res[n] = [2]uint64{ms.Mallocs - m0, ms.TotalAlloc - t0}
	n++
}

func fill(count int) {
	start()
	ii = make(map[int]int)
	for i := 0; i < count; i++ {
		ii[i] = i
	}
	stop()
}

func hint(h int) {
	start()
	ii = make(map[int]int, h)
	stop()
}

func main() {
	names := []string{
		"make", "insert 1", "insert 8", "insert 9",
		"hint 0", "hint 8", "hint 9", "hint 13", "hint 14", "hint 27", "hint 100", "hint 1000",
		"string key", "indirect elem", "indirect key", "range noscan", "range again", "range ptr",
		"literal 3",
	}
	fill(0)
	fill(1)
	fill(8)
	fill(9)
	for _, h := range []int{0, 8, 9, 13, 14, 27, 100, 1000} {
		hint(h)
	}

	start()
	si = make(map[string]int)
	si["a"] = 1
	stop()

	start()
	ib = make(map[int][200]byte)
	ib[1] = [200]byte{1}
	ib[2] = [200]byte{2}
	stop()

	start()
	bi = make(map[[200]byte]int)
	bi[[200]byte{3}] = 3
	stop()

	// The first range over a map whose buckets hold no pointers creates
	// mapextra and the overflow list.
	ii = map[int]int{1: 1}
	count := 0
	start()
	for range ii {
		count++
	}
	stop()
	start()
	for range ii {
		count++
	}
	stop()
	ip = map[int]*int{1: nil}
	start()
	for range ip {
		count++
	}
	stop()

	start()
	si = map[string]int{"a": 1, "b": 2, "c": 3}
	stop()

	for i := 0; i < n; i++ {
		fmt.Println(names[i], res[i][0], res[i][1])
	}
	fmt.Println(count, len(ii), len(ib), ib[2][0], len(bi), bi[[200]byte{3}], si["c"])
}
