package main

import "fmt"

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
	_
	Thursday
)

const (
	_  = iota
	KB = 1 << (10 * iota)
	MB
	GB
)

const (
	a = iota * 10
	b
	c = "str"
	d
	e = iota
)

const (
	bit0, mask0 = 1 << iota, 1<<iota - 1
	bit1, mask1
	bit2, mask2
)

const big = 1 << 100
const typed int8 = 100
const pi = 3.14159
const greeting = "hello" + ", " + "world"

func (d Weekday) String() string {
	return [...]string{"Sun", "Mon", "Tue", "Wed", "Thu"}[d]
}

func main() {
	fmt.Println(Sunday, Monday, Tuesday, Thursday)
	fmt.Println(int(Sunday), int(Thursday))
	fmt.Println(KB, MB, GB)
	fmt.Println(a, b, c, d, e)
	fmt.Println(bit0, mask0, bit1, mask1, bit2, mask2)
	fmt.Println(big>>98, typed, pi*2, greeting, len(greeting))
	const local = 'x' + 1
	fmt.Println(local, string(rune(local)))
	var f float32 = pi
	var i = int64(big >> 70)
	fmt.Println(f, i)
	fmt.Printf("%T %T %T %T\n", Monday, KB, pi, local)
	x := 7 / 2
	y := 7 / 2.0
	fmt.Println(x, y)
}
