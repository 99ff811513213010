package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	mu.Lock()
	mu.Unlock()
	fmt.Println("ok")
	defer fmt.Println("deferred calls do not run after a fatal error")
	mu.Unlock()
}
