package main

import (
	"errors"
	"fmt"
)

func double() (n int) {
	defer func() { n *= 2 }()
	n = 5
	return n + 1
}

func withErr() (result string, err error) {
	defer func() {
		if err != nil {
			result = "fallback"
			err = fmt.Errorf("wrapped: %v", err)
		}
	}()
	return "value", errors.New("io")
}

func unnamed() int {
	x := 1
	defer func() { x = 100 }()
	return x
}

func counter() (c int) {
	for i := 0; i < 3; i++ {
		defer func() { c++ }()
	}
	return 10
}

func recoverToResult() (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("recovered: ", r)
		}
	}()
	panic("oops")
}

func main() {
	fmt.Println(double())
	fmt.Println(withErr())
	fmt.Println(unnamed())
	fmt.Println(counter())
	fmt.Println(recoverToResult())
}
