package main

import "fmt"

func main() {
	s := "héllo, 世界"
	fmt.Println(len(s), s[0], s[1], string(s[0]), s[1:3])
	runes := []rune(s)
	fmt.Println(len(runes), runes[1], string(runes[1]), string(runes[7:]))
	bs := []byte(s)
	bs[0] = 'H'
	fmt.Println(string(bs), s)
	fmt.Println(string(rune(0x4e16)), string(rune(65)), string(rune(-1)) == "\uFFFD")

	for i, r := range "aé世" {
		fmt.Print(i, " ", r, " ", string(r), "; ")
	}
	fmt.Println()

	// Invalid UTF-8: each bad byte is one RuneError of width 1.
	bad := "a\xffb\xe4\xb8c\xf0"
	for i, r := range bad {
		fmt.Print(i, ":", r, " ")
	}
	fmt.Println()
	fmt.Println(len([]rune(bad)), []byte(bad))
	fmt.Printf("%q %x % x %+q\n", bad, bad, "hi", "é")

	n := 0x1F600
	fmt.Println(string(rune(n)), len(string(rune(n))))
	var r rune = 'é'
	var b byte = 'z'
	fmt.Println(r, b, string(r)+string(b))
	fmt.Printf("%c %c %U %d\n", r, b, r, '\n')

	cmp := []string{"apple", "Apple", "apples", "b", ""}
	for _, c := range cmp {
		fmt.Print(c < "apple", c == "apple", " ")
	}
	fmt.Println()
	acc := ""
	for i := 0; i < 5; i++ {
		acc += string(rune('a' + i))
	}
	fmt.Println(acc, acc[1:4]+"!")
	raw := `raw\n "string"`
	fmt.Println(raw, len(raw))
	fmt.Println("tab\tquote\"backslash\\ \x41\101\u00e9")
}
