package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	func() {
		defer func() {
			r := recover()
			fmt.Printf("%T %v\n", r, r)
		}()
		wg.Done()
	}()
	var wg2 sync.WaitGroup
	wg2.Add(2)
	wg2.Add(-3)
}
