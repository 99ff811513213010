package main

import (
	"fmt"
	"runtime"
	"time"
)

type Res struct {
	name string
	id   int
}

// Finalizers of objects that die in the same cycle: the sweep queues
// them in address order, and the finalizer goroutine runs the batch
// last queued first.
func main() {
	keep := []*Res{}
	for i := 0; i < 8; i++ {
		r := &Res{name: "r", id: i}
		runtime.SetFinalizer(r, func(r *Res) { fmt.Println("finalized", r.name, r.id) })
		if i == 3 {
			keep = append(keep, r)
		}
	}
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("kept", len(keep), keep[0].id)
	keep = nil
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("end")
}
