package main

type Huge [1 << 62]int64

var h [1 << 40][1 << 40]byte

func main() {
	var x [1 << 60]int
	_ = x
	var ok [1 << 20]byte
	_ = ok
}
