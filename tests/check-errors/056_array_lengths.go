package main

const n = 3

var a [n]int
var b [1.5]int
var c ["abc"]int
var d [nil]int
var e [undefinedLen]int
var f [-1]int
var g [len(a)]int

func main() {
	size := 4
	var h [size]int
	_ = h
}
