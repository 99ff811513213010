package main

import "fmt"

type Big struct{ buf [1 << 16]byte }

// Taking an address is not enough to escape.
func addrLocal() int {
	x := 10
	p := &x
	q := &p
	**q += 1
	return x
}

// Printing a value boxes a copy; the variable itself stays on the stack,
// but printing its address moves it.
func printing() {
	a := 1
	b := 2
	fmt.Println(a)
	fmt.Println(&b)
}

// A slice backed by a local array: the array moves when the slice is
// printed (Println keeps its arguments).
func slicePrint() {
	var arr [3]int
	fmt.Println(arr[:])
}

// Returning a big struct by value does not allocate.
func bigValue() Big {
	var b Big
	b.buf[0] = 1
	return b
}

// new of a big struct does (implicit allocations over 64 KiB).
func bigNew() int {
	b := new(Big)
	return int(b.buf[0])
}

// A pointer stored into a local struct that itself stays local.
type Pair struct{ a, b *int }

func pair() int {
	x, y := 1, 2
	p := Pair{&x, &y}
	return *p.a + *p.b
}

// Loops: storing the address of an inner variable in an outer one.
func loopVar() *int {
	var last *int
	for i := 0; i < 3; i++ {
		v := i
		last = &v
	}
	return last
}

func loopLocal() int {
	t := 0
	for i := 0; i < 3; i++ {
		v := i
		p := &v
		t += *p
	}
	return t
}

func main() {
	printing()
	slicePrint()
	fmt.Println(addrLocal(), bigValue().buf[0], bigNew(), pair(), *loopVar(), loopLocal())
}
