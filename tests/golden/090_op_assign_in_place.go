// Compound assignments and constant operands, which the compiler turns
// into one instruction on the variable (op in place, ADDI): the right side
// runs first, a panic leaves the variable as it was, and fixed-width
// integers wrap.
package main

import "fmt"

func main() {
	x := 10
	f := func() int { x = 100; return 1 }
	x += f()
	fmt.Println(x)
	y := 7
	zero := 0
	func() {
		defer func() { fmt.Println("recovered", recover() != nil, y) }()
		y /= zero
	}()
	var u8 uint8 = 250
	u8 += 10
	fmt.Println(u8)
	n := int32(-5)
	n -= 2147483647
	fmt.Println(n)
	s := 1.5
	s *= 3
	fmt.Println(s)
	k := 3
	k <<= 2
	k >>= 1
	fmt.Println(k, k-1, k+(-7), 1-k)
	var i8 int8 = 127
	i8 = i8 + 1
	fmt.Println(i8)
}
