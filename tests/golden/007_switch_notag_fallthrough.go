package main

import "fmt"

func grade(score int) string {
	switch {
	case score >= 90:
		return "A"
	case score >= 80:
		return "B"
	case score >= 70:
		return "C"
	}
	return "F"
}

func describe(n int) {
	fmt.Print(n, ":")
	switch {
	case n < 0:
		fmt.Print(" negative")
		fallthrough
	case n == 0:
		fmt.Print(" non-positive")
	case n > 100:
		fmt.Print(" big")
		fallthrough
	case n > 10:
		fmt.Print(" >10")
		fallthrough
	default:
		fmt.Print(" done")
	}
	fmt.Println()
}

func main() {
	for _, s := range []int{95, 85, 75, 10} {
		fmt.Print(grade(s), " ")
	}
	fmt.Println()
	for _, n := range []int{-3, 0, 5, 50, 500} {
		describe(n)
	}
	switch x := 3; {
	case x > 2:
		fmt.Println("init with no tag")
	}
	switch n := 2; n {
	case 1:
		fmt.Println("1")
	case 2:
		fmt.Println("2")
		fallthrough
	case 3:
		fmt.Println("3 via fallthrough")
		fallthrough
	case 4:
		fmt.Println("4 via fallthrough")
	case 5:
		fmt.Println("5 not reached")
	}
}
