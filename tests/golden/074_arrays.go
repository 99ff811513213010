package main

import "fmt"

func double(a [4]int) [4]int {
	for i := range a {
		a[i] *= 2
	}
	return a
}

func main() {
	var a [4]int
	b := [4]int{1, 2, 3, 4}
	c := [...]string{"x", "y", "z"}
	d := [5]int{1: 10, 3: 30}
	fmt.Println(a, b, c, d, len(c), len(d))
	e := double(b)
	fmt.Println(b, e)
	f := b
	f[0] = 100
	fmt.Println(b == f, b == [4]int{1, 2, 3, 4}, b != f)

	var grid [3][3]int
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			grid[i][j] = i * j
		}
	}
	fmt.Println(grid, len(grid[0]))
	row := grid[2]
	row[2] = -1
	fmt.Println(grid[2], row)

	type pair struct {
		k string
		v [2]int
	}
	ps := [2]pair{{"a", [2]int{1, 2}}, {"b", [2]int{3, 4}}}
	ps2 := ps
	ps2[1].v[0] = 99
	fmt.Println(ps, ps2, ps == ps2)
	counts := [26]int{}
	for _, ch := range "hello world" {
		if ch >= 'a' && ch <= 'z' {
			counts[ch-'a']++
		}
	}
	fmt.Println(counts['l'-'a'], counts['o'-'a'], counts['z'-'a'])
	var bools [3]bool
	bools[1] = true
	fmt.Println(bools, [2]float64{1.5}, [1]interface{}{nil})
	idx := 2
	fmt.Println(b[idx], c[len(c)-1], b[1:3])
}
