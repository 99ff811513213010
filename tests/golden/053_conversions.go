package main

import "fmt"

type MyInt int

type Str string

func main() {
	f := 3.99
	g := -3.99
	fmt.Println(int(f), int(g), int64(f*100), uint8(f))
	big := 1e10
	fmt.Println(int64(big), int32(int64(big)), int8(int64(big)/33333333))
	i := 65
	fmt.Println(float64(i)/2, float32(i)/3, float64(int8(i)))
	fmt.Println(string(rune(i)), string(rune(0x263A)), string(rune(0x10FFFF+1)))
	n := -1
	fmt.Println(uint8(n), uint16(n), uint32(n), uint64(n), uint(n))
	var u uint32 = 0xFFFFFFFF
	fmt.Println(int32(u), int16(u), int64(u), int(u))
	var b byte = 'A'
	var r rune = b2r(b)
	fmt.Println(r, string(r), string(b), []byte("AB"), []rune("AB"))
	m := MyInt(5)
	fmt.Println(int(m)+1, MyInt(3)+m)
	s := Str("hello")
	fmt.Println(string(s), len(s), Str("x")+s)
	bs := []byte(s)
	fmt.Println(Str(bs), string(bs[1:3]))
	rs := []rune("héllo")
	fmt.Println(len(rs), string(rs[1]), string(rs))
	var x int64 = 1<<53 + 1
	fmt.Println(float64(x), int64(float64(x)))
	var small float32 = 1.5
	fmt.Println(int(small), int(-small), uint(small))
	fmt.Println(float32(0.1) == 0.1, float64(float32(0.5)) == 0.5)
	c := 'a' + 1
	fmt.Printf("%v %c %T\n", c, c, c)
	var iface interface{} = MyInt(9)
	if v, ok := iface.(MyInt); ok {
		fmt.Println(int(v) * 2)
	}
}

func b2r(b byte) rune { return rune(b) }
