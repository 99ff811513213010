// Long-lived maps: the collector marks the live heap again in
// every cycle. A map of pointers is thousands of objects to
// visit; a map of values is a few objects it never looks inside.
package main

import (
	"fmt"
	"runtime"
)

type Item struct {
	ID, Score int
}

var byValue map[int]Item    // keys and values hold no pointers
var byPointer map[int]*Item // one heap object per entry

func main() {
	byValue = make(map[int]Item)
	for i := 0; i < 1000; i++ {
		byValue[i] = Item{ID: i, Score: i % 7}
	}
	runtime.GC() // marks a handful of objects

	byPointer = make(map[int]*Item)
	for i := 0; i < 1000; i++ {
		byPointer[i] = &Item{ID: i, Score: i % 7}
	}
	runtime.GC() // must visit every Item through the buckets

	sum := 0
	for i := 0; i < 1000; i++ {
		sum += byValue[i].Score - byPointer[i].Score
	}
	fmt.Println(len(byValue), len(byPointer), sum)
}
