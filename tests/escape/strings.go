package main

import "fmt"

var saved string

// A concatenation that is returned escapes; one only measured does not.
func join(a, b string) string { return a + "-" + b }

func size(a, b string) int {
	s := a + b
	return len(s)
}

// Conversions between strings and byte or rune slices allocate.
func convert(s string, b []byte, r []rune, c rune) int {
	x := []byte(s)
	y := string(b)
	z := []rune(s)
	w := string(r)
	v := string(c)
	saved = string(b[:1])
	return len(x) + len(y) + len(z) + len(w) + len(v)
}

// Comparing and indexing with a converted string do not allocate.
func compare(b []byte, m map[string]int) bool {
	return string(b) == "x" || m[string(b)] > 0
}

// s += x builds a new string each time (no -m line: Go rewrites it later).
func repeat(n int) string {
	s := ""
	for i := 0; i < n; i++ {
		s += "ab"
	}
	return s
}

func main() {
	fmt.Println(join("a", "b"), size("x", "y"), convert("hi", []byte("yo"), []rune("no"), 'z'))
	fmt.Println(compare([]byte("x"), nil), repeat(3))
	msg := "n=" + fmt.Sprint(3)
	println(msg)
}
