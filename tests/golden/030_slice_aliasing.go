package main

import "fmt"

func modify(s []int) {
	s[0] = 100
}

func grow(s []int) []int {
	s = append(s, 4)
	s[0] = -1
	return s
}

func main() {
	a := []int{1, 2, 3}
	b := a
	b[1] = 20
	fmt.Println(a, b)
	modify(a)
	fmt.Println(a)

	c := make([]int, 3, 10)
	d := grow(c)
	fmt.Println("shared backing:", c, d)
	e := []int{1, 2, 3}
	f := grow(e)
	fmt.Println("reallocated:", e, f)

	x := make([]int, 3, 4)
	y := append(x, 1)
	z := append(x, 2)
	fmt.Println("both appended into the same slot:", y[3], z[3])

	arr := [3]int{1, 2, 3}
	arr2 := arr
	arr2[0] = 99
	fmt.Println("arrays copy:", arr, arr2)
	sl := arr[:]
	sl[2] = 33
	fmt.Println("slice of array aliases:", arr)

	matrix := make([][]int, 3)
	row := make([]int, 3)
	for i := range matrix {
		matrix[i] = row
	}
	matrix[0][0] = 7
	fmt.Println("rows share storage:", matrix)
	for i := range matrix {
		matrix[i] = make([]int, 3)
		matrix[i][i] = 1
	}
	fmt.Println(matrix)

	strs := []string{"a", "b", "c", "d"}
	head := strs[:2]
	head = append(head, "X")
	fmt.Println(strs, head)
}
