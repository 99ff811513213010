package main

import "fmt"

type Conf struct {
	Name string
	Tags []string
}

// Static data: no code runs for these, so no decisions are printed.
var defaults = Conf{Name: "x", Tags: []string{"a"}}
var ptr = &Conf{Name: "y"}
var list = []int{1, 2, 3}
var fn = func() int { return len(list) }

// These need code in the package initializer.
var index = map[string]int{"a": 1}
var label = fmt.Sprint("n", 1)
var counter = new(int)
var buf = make([]byte, 16)

func main() {
	fmt.Println(defaults.Name, ptr.Name, fn(), index["a"], label, *counter, len(buf))
}
