package main

import "fmt"

const debug = false
const verbose = true

// Go's deadcode pass drops branches of constant conditions before escape
// analysis: nothing inside them is reported.
func f(x int) *int {
	if debug {
		fmt.Println("debug", x)
	}
	if verbose {
		fmt.Println("verbose")
	} else {
		fmt.Println("quiet", x)
	}
	// The live branch ends in a return: the rest of the block is dropped.
	if !debug {
		y := x
		return &y
	}
	z := 2
	fmt.Println(z)
	return &z
}

// A switch on constants keeps only the clause that runs; a for loop with
// a false condition is still analysed.
func g() {
	switch {
	case debug:
		fmt.Println("a")
	default:
		fmt.Println("b")
	}
	for false {
		fmt.Println("never")
	}
	const k = 3
	switch k {
	case 1:
		fmt.Println(1)
	case 3:
		fmt.Println(3)
	}
}

// Nothing is cut before a label.
func h() int {
	if true {
		fmt.Println("live")
	}
outer:
	for i := 0; i < 2; i++ {
		for {
			if true {
				break outer
			}
			fmt.Println("dead")
		}
	}
	if 1 > 0 {
		panic(fmt.Sprint("p"))
	}
	fmt.Println("unreachable")
	return 0
}

func main() {
	f(1)
	g()
	h()
}
