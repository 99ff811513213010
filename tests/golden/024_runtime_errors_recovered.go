package main

import (
	"fmt"
	"runtime"
)

type T struct{ a, b int }

func try(name string, f func()) {
	defer func() {
		r := recover()
		_, isRuntime := r.(runtime.Error)
		err, isErr := r.(error)
		if isErr {
			fmt.Printf("%s: %v | %T runtime.Error=%v %q\n", name, r, r, isRuntime, err.Error())
		} else {
			fmt.Printf("%s: %v | %T runtime.Error=%v\n", name, r, r, isRuntime)
		}
	}()
	f()
}

func main() {
	var p *T
	var m map[string]int
	var s []int
	arr := []int{1, 2, 3}
	zero := 0
	n := -1
	var i interface{} = "str"
	var ch chan int
	try("nil deref", func() { fmt.Println(p.b) })
	try("nil map", func() { m["x"] = 1 })
	try("index", func() { fmt.Println(arr[len(arr)+2]) })
	try("nil slice index", func() { s[0] = 1 })
	try("slice high", func() { fmt.Println(arr[1 : len(arr)+5]) })
	try("slice inverted", func() { lo := 2; fmt.Println(arr[lo:1]) })
	try("slice3", func() { fmt.Println(arr[0 : 1 : len(arr)+1]) })
	try("divide", func() { fmt.Println(10 / zero) })
	try("modulo", func() { fmt.Println(10 % zero) })
	try("type assert", func() { fmt.Println(i.(int)) })
	try("make len", func() { _ = make([]int, n) })
	try("shift", func() { fmt.Println(1 << n) })
	try("close nil", func() { close(ch) })
	try("string index", func() { str := "abc"; fmt.Println(str[zero+3]) })
	try("custom", func() { panic(fmt.Sprintf("custom %d", 1)) })
	try("array index", func() { var a [4]int; k := 4; a[k] = 1 })
	fmt.Println("done")
}
