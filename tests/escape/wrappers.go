package main

import (
	"fmt"
	"sync"
)

type Big struct{ a [20]int64 }

func consume(b Big, p *int) {}

type S struct{ mu sync.Mutex }

func (s *S) f(b Big) {}

type I interface{ M(int) }
type T struct{}

func (T) M(int) {}

func main() {
	var b Big
	x := 1
	go consume(b, &x)
	defer consume(b, nil)
	for i := 0; i < 2; i++ {
		defer consume(b, &i)
	}
	var s S
	go s.f(b)
	var it I = T{}
	go it.M(3)
	defer it.M(4)
	ch := make(chan int)
	go close(ch)
	defer close(ch)
	defer func(a, c int) { fmt.Println(a, c) }(1, 2)
	defer println("bye", x)
	go panic("x")
	fns := []func(){}
	for _, f := range fns {
		defer f()
		go f()
	}
}
