package main

import "fmt"

func safeDiv(a, b int) (q int, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
			ok = false
		}
	}()
	return a / b, true
}

func helper() interface{} { return recover() }

func indirect() (r interface{}) {
	defer func() {
		r = helper()
		fmt.Println("recover in a nested call returns nil:", r == nil)
		r = recover()
	}()
	panic("indirect")
}

func noPanic() {
	defer func() {
		fmt.Println("recover without panic:", recover())
	}()
}

func deferredRecoverCall() {
	defer func() {
		fmt.Println("second defer recovers:", recover())
	}()
	defer recover()
	panic("direct defer of recover does not stop it")
}

func panicValue(v interface{}) {
	defer func() {
		r := recover()
		fmt.Printf("%v %T\n", r, r)
	}()
	panic(v)
}

func main() {
	fmt.Println(safeDiv(10, 2))
	fmt.Println(safeDiv(1, 0))
	fmt.Println("indirect:", indirect())
	noPanic()
	deferredRecoverCall()
	panicValue(42)
	panicValue(fmt.Errorf("err %d", 7))
	panicValue([]int{1, 2})
	fmt.Println(recover())
	fmt.Println("main continues")
}
