package main

import "fmt"

func main() {
	fmt.1
}
