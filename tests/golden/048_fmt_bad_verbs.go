package main

import "fmt"

type P struct{ X int }

func main() {
	fmt.Printf("%d\n", "str")
	fmt.Printf("%s\n", 42)
	fmt.Printf("%t\n", 1)
	fmt.Printf("%d %d\n", 1)
	fmt.Printf("%d\n", 1, 2)
	fmt.Printf("%z\n", 3)
	fmt.Printf("%!\n")
	fmt.Printf("%s\n", nil)
	fmt.Printf("%d\n", []string{"a"})
	fmt.Printf("%s\n", P{1})
	fmt.Printf("%x %q\n", 3.5, 65)
	fmt.Printf("100%\n")
	fmt.Printf("%.2d|%8.3d\n", 5, 7)
	s := fmt.Sprintf("%d-%s", "a", 2)
	fmt.Println(s)
	fmt.Println(fmt.Sprint("a", 1, 2, "b", "c", 3.0, 4))
	fmt.Println(fmt.Sprintln("x", 1) + "|")
	fmt.Print("no", "space", 1, 2, true, "\n")
	fmt.Print(1, 2, "\n")
}
