package main

import (
	"fmt"
	"runtime"
)

var (
	ci  chan int
	cp  chan *int
	ce  chan struct{}
	ca  chan [3]int
	cs  chan string
	ms  runtime.MemStats
	m0  uint64
	t0  uint64
	res [8][2]uint64
	n   int
)

func start() {
	runtime.ReadMemStats(&ms)
	m0, t0 = ms.Mallocs, ms.TotalAlloc
}

func stop() {
	runtime.ReadMemStats(&ms)
	res[n] = [2]uint64{ms.Mallocs - m0, ms.TotalAlloc - t0}
	n++
}

func main() {
	start()
	ci = make(chan int)
	stop()
	start()
	ci = make(chan int, 10)
	stop()
	start()
	cp = make(chan *int, 10)
	stop()
	start()
	ce = make(chan struct{}, 10)
	stop()
	start()
	ca = make(chan [3]int, 4)
	stop()
	start()
	cs = make(chan string, 2)
	stop()
	start()
	ci <- 1
	ci <- 2
	<-ci
	stop()
	for i := 0; i < n; i++ {
		fmt.Println(res[i][0], res[i][1])
	}
}
