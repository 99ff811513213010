package main

import "fmt"

func main() {
	src := []int{1, 2, 3, 4, 5}
	dst := make([]int, 3)
	n := copy(dst, src)
	fmt.Println(n, dst)
	n = copy(dst, src[3:])
	fmt.Println(n, dst)

	// Overlapping copy moves like memmove.
	over := []int{1, 2, 3, 4, 5, 6}
	copy(over[2:], over)
	fmt.Println(over)
	over = []int{1, 2, 3, 4, 5, 6}
	copy(over, over[2:])
	fmt.Println(over)

	b := make([]byte, 4)
	n = copy(b, "héllo")
	fmt.Println(n, b, string(b[:1]))

	base := []int{0, 1, 2, 3, 4, 5, 6, 7}
	s := base[2:5]
	fmt.Println(s, len(s), cap(s))
	t := base[2:5:6]
	fmt.Println(t, len(t), cap(t))
	t = append(t, 100)
	fmt.Println("append within cap writes base:", base)
	t = append(t, 200)
	t[0] = -1
	fmt.Println("append past cap copies:", base, t)

	u := base[:0]
	fmt.Println(len(u), cap(u), base[:], base[5:], base[:3])
	arr := [5]int{1, 2, 3, 4, 5}
	as := arr[1:3:4]
	as = append(as, 9)
	fmt.Println(arr, as, len(as), cap(as))
	str := "hello, world"
	fmt.Println(str[7:], str[:5], str[3:8])
	full := base[:cap(base)]
	fmt.Println(len(full))
	ex := s[:cap(s)]
	fmt.Println("reslice beyond len up to cap:", ex)
}
