package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("deferred calls do not run on os.Exit")
	fmt.Println("before exit")
	println("stderr before exit")
	code := 3
	func() {
		defer fmt.Println("inner defer does not run either")
		os.Exit(code)
	}()
	fmt.Println("not reached")
}
