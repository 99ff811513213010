package main

import "fmt"

type Handlers struct {
	OnStart func(string)
	OnStop  func()
}

func main() {
	h := Handlers{OnStart: func(s string) { fmt.Println("start", s) }}
	h.OnStart("service")
	if h.OnStop == nil {
		fmt.Println("OnStop is nil; calling it anyway")
	}
	h.OnStop()
}
