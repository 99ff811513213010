package main

import "fmt"

type Pair struct{ a, b int64 }

type Triple struct{ a, b, c int64 }

type Odd struct {
	a int32
	b byte
}

var (
	ints    []int
	bytes   []byte
	strs    []string
	pairs   []Pair
	triples []Triple
	odds    []Odd
	i16s    []int16
	ptrs    []*int
)

func main() {
	last := -1
	for i := 0; i < 2000; i++ {
		ints = append(ints, i)
		bytes = append(bytes, byte(i))
		strs = append(strs, "")
		pairs = append(pairs, Pair{})
		triples = append(triples, Triple{})
		odds = append(odds, Odd{})
		i16s = append(i16s, 1)
		ptrs = append(ptrs, nil)
		if cap(ints) != last {
			last = cap(ints)
			fmt.Println("len", len(ints), "caps:", cap(ints), cap(bytes), cap(strs),
				cap(pairs), cap(triples), cap(odds), cap(i16s), cap(ptrs))
		}
	}

	// Appending several elements at once can jump past double.
	s := []int{1, 2, 3}
	s = append(s, 4, 5, 6, 7, 8, 9, 10, 11)
	fmt.Println(len(s), cap(s))
	b := append([]byte("hello"), " world, this is longer"...)
	fmt.Println(len(b), cap(b), string(b))
	var e []int
	e = append(e, make([]int, 5)...)
	fmt.Println(len(e), cap(e))
	e = append(e, make([]int, 7)...)
	fmt.Println(len(e), cap(e))
	m := make([]int, 0, 5)
	m = append(m, 1, 2, 3, 4, 5, 6)
	fmt.Println(len(m), cap(m))
}
