package main

import (
	"fmt"
	"runtime"
	"time"
)

type Resource struct {
	name string
	data [64]byte
}

var finalized = make(chan string, 10)

func open(name string) *Resource {
	r := &Resource{name: name}
	runtime.SetFinalizer(r, func(r *Resource) {
		finalized <- r.name
	})
	return r
}

func main() {
	kept := open("kept")
	_ = open("dropped")
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	select {
	case n := <-finalized:
		fmt.Println("finalized:", n)
	default:
		fmt.Println("nothing finalized")
	}
	fmt.Println("still have:", kept.name)
	runtime.KeepAlive(kept)
	kept = nil
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("finalized:", <-finalized)
}
