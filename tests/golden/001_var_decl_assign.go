package main

import "fmt"

var (
	global    = 10
	g1, g2    = "a", 2.5
	zeroInt   int
	zeroStr   string
	zeroBool  bool
	zeroFloat float64
)

func pair() (int, string) { return 7, "seven" }

func main() {
	var a int = 1
	var b, c = 2, "two"
	d := 3.5
	e, f := pair()
	fmt.Println(a, b, c, d, e, f)
	fmt.Println(global, g1, g2, zeroInt, zeroStr == "", zeroBool, zeroFloat)

	// Tuple assignment evaluates the right side first.
	x, y := 1, 2
	x, y = y, x
	fmt.Println("swap:", x, y)
	s := []int{10, 20, 30}
	i := 0
	i, s[i] = 1, 99
	fmt.Println("index then assign:", i, s)

	// op= and ++/--.
	n := 10
	n += 5
	n -= 3
	n *= 4
	n /= 6
	n %= 5
	n <<= 3
	n >>= 1
	n |= 1
	n &= 7
	n ^= 2
	n &^= 4
	fmt.Println("ops:", n)
	n++
	n--
	n++
	fmt.Println("incdec:", n)

	// Blocks and shadowing.
	v := "outer"
	{
		v := "inner"
		v += "!"
		fmt.Println(v)
	}
	fmt.Println(v)
	if v := 42; v > 40 {
		fmt.Println("if-scoped", v)
	}
	fmt.Println(v)
	_, second := pair()
	fmt.Println(second)
}
