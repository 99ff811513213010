package main

import "fmt"

func main() {
	var i8 int8 = 127
	var i16 int16 = 32767
	var i32 int32 = 2147483647
	var i64 int64 = 9223372036854775807
	var i int = 9223372036854775807
	i8++
	i16++
	i32++
	i64++
	i++
	fmt.Println(i8, i16, i32, i64, i)
	i8--
	i16--
	i32--
	i64--
	i--
	fmt.Println(i8, i16, i32, i64, i)

	var u8 uint8 = 255
	var u16 uint16 = 65535
	var u32 uint32 = 4294967295
	var u64 uint64 = 18446744073709551615
	var u uint = 18446744073709551615
	var up uintptr = 18446744073709551615
	u8++
	u16++
	u32++
	u64++
	u++
	up++
	fmt.Println(u8, u16, u32, u64, u, up)
	u8--
	u16 -= 2
	u32 -= 3
	u64 -= 4
	u--
	up -= 5
	fmt.Println(u8, u16, u32, u64, u, up)

	var m8 int8 = 100
	var m16 int16 = 300
	var m32 int32 = 70000
	var m64 int64 = 1 << 40
	fmt.Println(m8*2, m16*m16, m32*m32, m64*m64, m8+m8+m8)
	var b byte = 200
	fmt.Println(b+100, b*2, -b, ^b, b<<1)
	var neg int8 = -128
	fmt.Println(-neg, neg-1, neg*-1, neg/-1)
	var h uint32 = 2166136261
	for _, c := range []byte("hash me") {
		h ^= uint32(c)
		h *= 16777619
	}
	fmt.Println("fnv:", h)
	x := int16(-32768)
	fmt.Println(x-1, uint16(x), int8(x), uint8(x+255))
}
