package main

import "fmt"

func main() {
	var one uint64 = 1
	for _, s := range []uint{0, 1, 31, 32, 63, 64, 65, 200} {
		fmt.Println(s, one<<s, int64(-8)>>s, uint8(0x80)>>s, int32(1)<<s)
	}
	x := -1
	fmt.Println(x>>1, x>>63, x>>64, x>>1000, x<<63, x<<64)
	var i8 int8 = -128
	fmt.Println(i8>>1, i8>>7, i8>>8, i8<<1)
	var u8 uint8 = 0xff
	fmt.Println(u8<<4, u8>>4, u8<<8)
	var sh int = 3
	fmt.Println(1<<sh, 1024>>sh, -1024>>sh)
	var bigShift uint = 70
	fmt.Println(int64(1)<<bigShift, uint32(1)<<(bigShift-40))
	var s16 int16 = 3
	fmt.Println(uint16(1)<<s16, int8(1)<<6)
	const k = 1 << 62
	fmt.Println(k>>60, k<<1>>62)
	n := 5
	n <<= 2
	n >>= 1
	fmt.Println(n)
	var signedCount int64 = 4
	fmt.Println(256>>signedCount, uint8(1)<<signedCount)
	fmt.Println(0xF0&0x3C, 0xF0|0x3C, 0xF0^0x3C, 0xF0&^0x3C, ^0)
}
