package main

import "fmt"

type Ball struct {
	hits int
	last string
}

func player(name string, table, done chan *Ball, max int) {
	for {
		ball := <-table
		if ball.hits >= max {
			done <- ball
			return
		}
		ball.hits++
		fmt.Println("hit", ball.hits, "players alternate:", ball.last != name)
		ball.last = name
		table <- ball
	}
}

func main() {
	table := make(chan *Ball)
	done := make(chan *Ball)
	go player("ping", table, done, 6)
	go player("pong", table, done, 6)
	table <- new(Ball)
	b := <-done
	fmt.Println("final hits:", b.hits)

	// Unbuffered handshake orders two goroutines strictly.
	turn := make(chan int)
	fin := make(chan struct{})
	go func() {
		for i := 0; i < 3; i++ {
			v := <-turn
			fmt.Println("B got", v)
			turn <- v + 1
		}
		close(fin)
	}()
	v := 0
	for i := 0; i < 3; i++ {
		turn <- v
		v = <-turn
		fmt.Println("A got", v)
	}
	<-fin
}
