package main

import "fmt"

func main() {
	pairs := [][2]int{{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {0, 3}, {1, -1}, {-1, 5}}
	for _, p := range pairs {
		a, b := p[0], p[1]
		fmt.Printf("%d / %d = %d, %d %% %d = %d\n", a, b, a/b, a, b, a%b)
	}
	var min64 int64 = -9223372036854775808
	var m1 int64 = -1
	fmt.Println(min64/m1, min64%m1)
	var min8 int8 = -128
	var n8 int8 = -1
	fmt.Println(min8/n8, min8%n8)
	var min32 int32 = -2147483648
	var n32 int32 = -1
	fmt.Println(min32/n32, min32%n32)
	var u uint = 7
	var d uint = 2
	fmt.Println(u/d, u%d)
	var bigU uint64 = 1<<64 - 1
	fmt.Println(bigU/3, bigU%7)
	x := -17
	fmt.Println(x/4, x%4, x>>2, x&3)
	fmt.Println(-5/2, -5%2, 5/-2, 5%-2)
	const c = -7 / 2
	fmt.Println(c, -7%3)
	y := 100
	y /= -7
	fmt.Println(y)
	y %= -3
	fmt.Println(y)
}
