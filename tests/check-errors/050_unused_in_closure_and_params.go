package main

import "fmt"

func handler(a, b int, unused string) (result int) {
	local := a + b
	return
}

func main() {
	count := 0
	inc := func(step int) {
		count += step
		tmp := step
	}
	inc(1)
	for i, v := range []int{1} {
		fmt.Println(i)
	}
}
