package main

import (
	"runtime"
	"time"
)

// A panic in a goroutine other than main: Go names it in the traceback.
// Every program has three goroutines of the runtime's (2 to 4), so the
// first one a program starts is goroutine 5 (with one processor; with
// more, Go may take its id from another processor's cache of 16).
func main() {
	runtime.GOMAXPROCS(1)
	done := make(chan bool)
	go func() { done <- true }()
	<-done
	go func() {
		var m map[string]int
		m["boom"]++
	}()
	time.Sleep(time.Second)
}
