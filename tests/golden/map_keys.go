package main

import "fmt"

type Pair struct {
	A int8
	B int64
}

type Name string

type Key struct {
	Name Name
	Tags [2]string
}

func main() {
	// Struct keys with padding, array keys, named string keys.
	ps := map[Pair]string{{1, 2}: "x"}
	p := Pair{A: 1}
	p.B = 2
	fmt.Println(ps[p], len(ps))

	arr := map[[3]int]bool{{1, 2, 3}: true}
	fmt.Println(arr[[3]int{1, 2, 3}], arr[[3]int{3, 2, 1}])

	ks := map[Key]int{}
	ks[Key{"a", [2]string{"x", "y"}}] = 1
	ks[Key{"a", [2]string{"x", "y"}}]++
	ks[Key{"b", [2]string{"x", "y"}}] = 5
	fmt.Println(len(ks), ks[Key{"a", [2]string{"x", "y"}}])

	// Strings built at run time equal literals.
	ss := map[string]int{"hello": 1}
	h := "hel"
	h += "lo"
	fmt.Println(ss[h], ss[h[:4]])

	// Interface keys: the dynamic type is part of the key.
	ifs := map[any]string{}
	ifs[1] = "int"
	ifs[int64(1)] = "int64"
	ifs["1"] = "string"
	ifs[1.5] = "float"
	ifs[Pair{1, 2}] = "pair"
	ifs[nil] = "nil"
	ifs[true] = "bool"
	fmt.Println(len(ifs), ifs[1], ifs[int64(1)], ifs["1"], ifs[1.5], ifs[Pair{1, 2}], ifs[nil], ifs[true], ifs[2] == "")

	var e error
	errs := map[error]int{e: 3}
	fmt.Println(errs[nil])

	// Floats: +0 and -0 are one key (the latest key is kept), NaN is never
	// found and every NaN insert adds an entry.
	fs := map[float64]int{}
	fs[0.0] = 1
	z := 0.0
	fs[-z] = 2
	for k, v := range fs {
		fmt.Println("zero key", k, v, 1/k < 0)
	}
	nan := z / z
	fs[nan] = 1
	fs[nan] = 2
	_, found := fs[nan]
	nans := 0
	for k := range fs {
		if k != k {
			nans++
		}
	}
	fmt.Println(len(fs), found, nans)
	delete(fs, nan)
	fmt.Println(len(fs))

	// Pointer and bool keys.
	a, b := new(int), new(int)
	pm := map[*int]string{a: "a", b: "b"}
	fmt.Println(pm[a], pm[b], len(pm))
	bm := map[bool]int{true: 1, false: 0}
	bm[true] += 10
	fmt.Println(bm[true], bm[false])

	// Sets.
	set := map[string]struct{}{}
	for _, w := range []string{"a", "b", "a", "c", "b"} {
		set[w] = struct{}{}
	}
	_, has := set["c"]
	fmt.Println(len(set), has)

	// Big keys and elements are stored indirectly.
	type Big [40]int
	big := map[Big]Big{}
	var k1, v1 Big
	for i := range k1 {
		k1[i] = i
		v1[i] = 2 * i
	}
	big[k1] = v1
	got := big[k1]
	fmt.Println(len(big), got[39], big[Big{}][0])

	// Elements larger than runtime.zeroVal still read as zero when absent.
	huge := map[int][2000]byte{}
	hv := huge[7]
	fmt.Println(len(hv), hv[1999])
	huge[1] = [2000]byte{1999: 9}
	fmt.Println(huge[1][1999], huge[2][1999])

	fmt.Println(ps, arr, bm)
}
