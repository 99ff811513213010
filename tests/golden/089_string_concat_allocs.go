package main

import (
	"fmt"
	"runtime"
	"strconv"
)

var (
	sink  string
	table = map[string]string{"k": "v"}
	ms    runtime.MemStats
)

func mallocs() uint64 {
	runtime.ReadMemStats(&ms)
	return ms.Mallocs
}

func main() {
	s := "start"
	before := mallocs()
	for i := 1; i <= 10; i++ {
		s += " " + strconv.Itoa(i*1000) + "!"
	}
	sink = s
	fmt.Println("s += a + b + c:", mallocs()-before)

	before = mallocs()
	for i := 0; i < 10; i++ {
		table["k"] += "-" + s[:2]
	}
	fmt.Println("m[k] += a + b:", mallocs()-before)

	before = mallocs()
	for i := 0; i < 10; i++ {
		table["k"] = table["k"] + "-" + s[:2]
	}
	fmt.Println("m[k] = m[k] + a + b:", mallocs()-before)

	a, b, c := "alpha", "beta", "gamma"
	before = mallocs()
	sink = a + " " + b + " " + (c + "!")
	fmt.Println("one flattened sum:", mallocs()-before, sink)

	before = mallocs()
	t := ""
	for i := 0; i < 5; i++ {
		t += a
	}
	sink = t
	fmt.Println("t += a five times:", mallocs()-before, len(t))
	fmt.Println(len(s), len(table["k"]))
}
