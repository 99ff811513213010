package main

import "fmt"

type State int

func (s State) String() string {
	return [...]string{"idle", "running", "broken"}[s]
}

func check(s State) {
	if s == 2 {
		panic(s)
	}
	fmt.Println("state ok:", s)
}

func main() {
	check(0)
	check(1)
	check(2)
}
