package main

import "fmt"

func main() {
	sum := 0
	for i := 0; i < 10; i++ {
		sum += i
	}
	fmt.Println("three-clause:", sum)

	n := 1
	for n < 100 {
		n *= 3
	}
	fmt.Println("condition only:", n)

	count := 0
	for {
		count++
		if count == 5 {
			break
		}
	}
	fmt.Println("infinite with break:", count)

	for i, j := 0, 10; i < j; i, j = i+1, j-2 {
		fmt.Print(i, ":", j, " ")
	}
	fmt.Println()

	odd := 0
	for i := 0; i < 10; i++ {
		if i%2 == 0 {
			continue
		}
		odd += i
	}
	fmt.Println("continue:", odd)

	var i int
	for i = 0; i < 3; {
		i++
	}
	fmt.Println("no post:", i)

	for k := 3; k > 0; k-- {
		defer fmt.Println("deferred in loop", k)
	}
	x := 0
	for ; x < 4; x += 2 {
	}
	fmt.Println("empty body:", x)
}
