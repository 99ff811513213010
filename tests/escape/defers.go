package main

import "fmt"

type Lock struct{ n int }

func (l *Lock) Unlock() { l.n-- }

func use(p *int) { *p++ }

// A deferred closure at the top level of a function stays on the stack.
func top() (r int) {
	defer func() { r++ }()
	return 1
}

// Deferred calls with arguments in a loop need a heap closure each time.
func loop() {
	for i := 0; i < 3; i++ {
		defer fmt.Println("i", i)
	}
}

// A deferred method call on a local.
func method() {
	var l Lock
	defer l.Unlock()
}

// Deferring with the address of a local at the top level keeps it local.
func addr() int {
	x := 0
	defer use(&x)
	return x
}

// In a loop the same deferred address escapes.
func addrLoop() {
	for i := 0; i < 2; i++ {
		y := i
		defer use(&y)
	}
}

func main() {
	fmt.Println(top())
	loop()
	method()
	fmt.Println(addr())
	addrLoop()
}
