package main

import "fmt"

type T struct{ a int }

func main() {
	fmt.Println("stdout line")
	println("println to stderr", 42, true, "x")
	print("print ", "no ", "spaces", 1, 2, "\n")
	println(3.5, float32(0.25), -1e10, 0.0)
	var i8 int8 = -5
	var u64 uint64 = 1 << 63
	println(i8, u64, 'a', byte(200))
	var nilSlice []int
	var nilMap map[int]int
	var e error
	var nilPtr *T
	println(nilSlice == nil, nilMap == nil, e == nil, nilPtr == nil)
	println()
	print("\n")
	s := "string value"
	println(s, len(s))
	fmt.Print("stdout again\n")
	println(1e21, 1e-7, 100.0, -0.5)
}
