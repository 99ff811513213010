package main

import "fmt"

func kind(c byte) string {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return "vowel"
	case ' ':
		return "space"
	default:
		return "other"
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return "digit"
	}
}

func next() int {
	fmt.Println("tag evaluated")
	return 2
}

func main() {
	for _, c := range []byte("a 7z") {
		fmt.Println(string(c), kind(c))
	}
	switch x := next(); x {
	case 1:
		fmt.Println("one")
	case 2:
		fmt.Println("two")
	case 3:
		fmt.Println("three")
	}
	switch s := "go"; s + "lang" {
	case "golang":
		fmt.Println("concatenated tag")
	}
	switch {
	}
	v := 5
	switch v {
	case 5:
		if v > 1 {
			break
		}
		fmt.Println("not printed")
	}
	fmt.Println("after break")
	var i interface{} = 3
	switch i {
	case "3":
		fmt.Println("string")
	case 3:
		fmt.Println("int 3 via interface comparison")
	}
}
