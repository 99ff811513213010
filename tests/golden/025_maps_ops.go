package main

import "fmt"

func main() {
	m := make(map[string]int)
	m["a"] = 1
	m["b"] = 2
	m["a"] += 10
	m["c"]++
	fmt.Println(len(m), m["a"], m["b"], m["c"], m["missing"])

	v, ok := m["b"]
	fmt.Println(v, ok)
	v, ok = m["zzz"]
	fmt.Println(v, ok)
	_, ok = m["a"]
	fmt.Println(ok)

	delete(m, "b")
	delete(m, "not there")
	fmt.Println(len(m), m)

	lit := map[int]string{1: "one", 2: "two", 3: "three"}
	fmt.Println(lit)
	var nilMap map[string]bool
	fmt.Println(nilMap == nil, len(nilMap), nilMap["x"])
	delete(nilMap, "x")
	for k := range nilMap {
		fmt.Println("never", k)
	}

	// Maps are references.
	alias := lit
	alias[4] = "four"
	fmt.Println(len(lit), lit[4])

	counts := map[rune]int{}
	for _, r := range "mississippi" {
		counts[r]++
	}
	fmt.Println(counts)

	floats := map[float64]string{1.5: "x", 2.5: "y"}
	bools := map[bool]int{true: 1, false: 0}
	bytes := map[byte]int{'a': 97}
	fmt.Println(floats[1.5], bools[true], bytes['a'], len(floats))

	big := map[int]int{}
	for i := 0; i < 1000; i++ {
		big[i] = i * i
	}
	sum := 0
	for k, v := range big {
		sum += k + v
	}
	for i := 0; i < 1000; i += 2 {
		delete(big, i)
	}
	fmt.Println(len(big), sum, big[999], big[998])
}
