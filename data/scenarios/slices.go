// Slices: how append grows a backing array, why capacities
// follow size classes, and how two slices can share one array.
package main

import "fmt"

var keep [][]byte // a global, so these buffers live on the heap

func main() {
	var s []int
	for i := 0; i < 20; i++ {
		before := cap(s)
		s = append(s, i)
		if cap(s) != before {
			fmt.Println("len", len(s), "cap", cap(s))
		}
	}

	five := append([]int(nil), 1, 2, 3, 4, 5) // needs 40 bytes
	fmt.Println("five ints: cap", cap(five))
	keep = append(keep, make([]byte, 33), make([]byte, 100))

	a := make([]int, 3, 4) // room for one more element
	b := append(a, 10)     // fits: b shares a's array
	c := append(a, 20)     // fits too: writes the same element
	fmt.Println("b[3] =", b[3], "c[3] =", c[3])
	d := append(b, 30) // full: d gets a new array
	d[0] = 99
	fmt.Println("a[0] =", a[0], "d[0] =", d[0])
}
