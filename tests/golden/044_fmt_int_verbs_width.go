package main

import "fmt"

func main() {
	n := 255
	fmt.Printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d]\n", n, n, n, n, n, n)
	fmt.Printf("[%x] [%X] [%#x] [%o] [%#o] [%b] [%08b]\n", n, n, n, n, n, n, 5)
	fmt.Printf("[%d] [%x] [%5d] [%-6d|]\n", -42, -42, -42, -42)
	fmt.Printf("[%c] [%q] [%U] [%#U]\n", 'G', 'G', 0x1F600, 'é')
	fmt.Printf("[%t] [%6t] [%v]\n", true, false, true)
	fmt.Printf("[%s] [%10s] [%-10s] [%.2s] [%5.1s]\n", "go", "right", "left", "truncate", "xyz")
	fmt.Printf("[%q] [%+q] [%#q] [%x] [% X]\n", "a\"b\n", "ñ", "back`tick", "hi", "hi")
	fmt.Printf("[%v] [%d] [%s]\n", []byte("ab"), []byte("ab"), []byte("ab"))
	fmt.Printf("[%x] [%X] [%v]\n", []int{10, 11}, "xyz", [3]bool{true})
	fmt.Printf("[%*d] [%-*d] [%.*f]\n", 6, 7, 4, 8, 2, 3.14159)
	fmt.Printf("[%d%%] [%3c|]\n", 50, 'x')
	var u8 uint8 = 200
	var i8 int8 = -100
	var u64 uint64 = 1<<64 - 1
	fmt.Printf("%d %d %d %x %v\n", u8, i8, u64, u64, uint32(1<<32-1))
	fmt.Printf("%v %d\n", uintptr(4096), rune('A'))
	fmt.Printf("%6.2f|%-8.3f|%08.3f|%+.1f|%.0f\n", 3.14159, 2.5, -1.5, 7.25, 2.5)
	fmt.Printf("%e %E %.2e %g %G\n", 123456.789, 0.000123, 1e10, 1e21, 1e-7)
	fmt.Printf("%g %g %g %g %v\n", 100000.0, 1000000.0, 1e20, 0.0001, 0.00001)
	fmt.Printf("%5.1g|%.3g|%10.4v|\n", 123.0, 3.14159, 2.718281828)
	s := fmt.Sprintf("%3d|%-3d|%03d", 1, 2, 3)
	fmt.Println(s, len(s))
}
