package main

import "fmt"

type Worker struct {
	quit chan struct{}
}

func (w *Worker) Stop() {
	close(w.quit)
}

func main() {
	w := &Worker{}
	fmt.Println("stopping a worker that was never started")
	w.Stop()
}
