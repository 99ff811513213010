// A dangling-pointer worry: keeping pointers to local
// variables after their function has returned, and taking
// the address of a loop variable.
package main

import "fmt"

type Task struct {
	ID   int
	Name string
}

var queue []*Task // lives as long as the program

// enqueue builds a Task in a local variable and keeps its address.
func enqueue(id int, name string) {
	t := Task{ID: id, Name: name}
	queue = append(queue, &t) // in C, a pointer into a frame about to die
}

func main() {
	for id := 1; id <= 3; id++ {
		enqueue(id, fmt.Sprint("task-", id))
	}
	for _, t := range queue {
		fmt.Println(t.ID, t.Name)
	}

	var addrs []*int
	for i := 0; i < 3; i++ {
		addrs = append(addrs, &i) // Go 1.19: one i for the whole loop
	}
	fmt.Println(*addrs[0], *addrs[1], *addrs[2], addrs[0] == addrs[2])
}
