package main

const k64 = 64 << 10

// Explicit variables may be up to 10 MiB on the stack in Go 1.19.
func explicit() int {
	var ok [10 << 20]byte
	var tooBig [10<<20 + 8]byte
	ok[0], tooBig[0] = 1, 2
	return int(ok[0]) + int(tooBig[0])
}

// Implicit allocations (new, &T{}, make) only up to 64 KiB.
func implicit() int {
	a := new([k64]byte)
	b := new([k64 + 1]byte)
	c := &[k64 + 1]byte{}
	d := make([]byte, k64)
	e := make([]byte, k64+1)
	f := make([]int64, 10, k64/8)
	g := make([]int64, 10, k64/8+1)
	return len(a) + len(b) + len(c) + len(d) + len(e) + len(f) + len(g)
}

// A size only known at run time always goes to the heap in Go 1.19.
func dynamic(n int) int {
	s := make([]byte, n)
	t := make([]byte, 0, n)
	const small = 8
	u := make([]byte, small)
	return len(s) + cap(t) + len(u)
}

// Zero-size elements never need a backing array.
func empty(n int) int {
	s := make([]struct{}, n)
	return len(s)
}

func main() {
	println(explicit(), implicit(), dynamic(5), empty(3))
}
