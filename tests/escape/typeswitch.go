package main

import "fmt"

type Box struct{ v *int }

var keep *int

// A type switch variable holds the value in each case; a pointer case
// that stores it makes the interface's content leak.
func classify(x any) string {
	switch v := x.(type) {
	case *int:
		keep = v
		return "ptr"
	case int:
		return fmt.Sprint(v)
	case Box:
		return "box"
	default:
		return "other"
	}
}

// A type assertion to a concrete pointer type just unwraps it.
func unwrap(x any) *int {
	p, _ := x.(*int)
	return p
}

func main() {
	n := 5
	fmt.Println(classify(&n), classify(3), classify(Box{}), *unwrap(&n))
}
