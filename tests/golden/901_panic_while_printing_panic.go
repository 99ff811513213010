package main

import "fmt"

// Printing a panic value calls its Error method; when that method panics
// too, the runtime gives up with a fatal error.
type E struct{ code int }

func (e E) Error() string {
	if e.code > 0 {
		panic(e.code) // not a string: Go reports its type
	}
	panic("boom")
}

func main() {
	fmt.Println("about to panic")
	panic(E{code: 7})
}
