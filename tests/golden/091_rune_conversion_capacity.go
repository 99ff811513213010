package main

import "fmt"

var global []rune

func main() {
	// A constant becomes the literal []rune{...}: exactly its runes.
	c := []rune("héllo, 世界")
	fmt.Println(len(c), cap(c), string(c[1:3]))
	two := []rune("ab")
	fmt.Println(len(two), cap(two))
	empty := []rune("")
	fmt.Println(len(empty), cap(empty), empty == nil)
	global = []rune("wörld")
	fmt.Println(len(global), cap(global))

	// A string value that does not escape: the 32-rune buffer in the frame.
	s := "héllo, 世界"
	r := []rune(s + "!")
	fmt.Println(len(r), cap(r))
	r = append(r, '?')
	fmt.Println(len(r), cap(r), string(r))

	// Longer than the buffer: a heap slice as big as its size class.
	long := "0123456789abcdefghijklmnopqrstuvwxyzé"
	l := []rune(long + "")
	fmt.Println(len(l), cap(l))

	// Escaping: a heap slice as big as its size class.
	global = []rune(s)
	fmt.Println(len(global), cap(global))

	for i, ch := range []rune(s) {
		fmt.Print(i, ":", string(ch), " ")
	}
	fmt.Println()
}
