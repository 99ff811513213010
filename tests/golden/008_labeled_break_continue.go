package main

import "fmt"

func main() {
outer:
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if j == 2 {
				continue outer
			}
			if i == 3 {
				break outer
			}
			fmt.Print(i, j, " ")
		}
	}
	fmt.Println()

loop:
	for i := 0; ; i++ {
		switch {
		case i%2 == 0:
			continue loop
		case i > 6:
			break loop
		}
		fmt.Print(i, " ")
	}
	fmt.Println()

	ch := make(chan int, 10)
	for i := 0; i < 10; i++ {
		ch <- i
	}
	n := 0
recv:
	for {
		select {
		case v := <-ch:
			if v == 4 {
				break recv
			}
			n += v
		}
	}
	fmt.Println("sum before 4:", n, "left:", len(ch))

	grid := [][]int{{1, 2, 3}, {4, -5, 6}, {7, 8, 9}}
	found := false
search:
	for r, row := range grid {
		for c, v := range row {
			if v < 0 {
				fmt.Println("negative at", r, c)
				found = true
				break search
			}
		}
	}
	fmt.Println(found)
}
