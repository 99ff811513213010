package main

import (
	"fmt"
	"strings"
)

func main() {
	var nilS []int
	empty := []int{}
	made := make([]int, 0)
	fmt.Println(nilS == nil, empty == nil, made == nil)
	fmt.Println(len(nilS), cap(nilS), len(empty), cap(empty))
	fmt.Println(nilS, empty, made)
	fmt.Printf("%v %v %d %q\n", nilS, empty, nilS, []string(nil))
	fmt.Printf("%#v %#v\n", nilS, empty)

	nilS = append(nilS, 1)
	fmt.Println(nilS, len(nilS), cap(nilS))
	fmt.Println(nilS[:0] == nil, nilS[0:0], len(nilS[1:]))

	var ns []string
	fmt.Println(strings.Join(ns, ","), len(strings.Split("", ",")))
	var nb []byte
	fmt.Println(string(nb) == "", len(string(nb)))
	for i, v := range ns {
		fmt.Println(i, v)
	}
	fmt.Println(copy(nb, "abc"))
	m := map[string][]int{}
	fmt.Println(m["x"] == nil, len(m["x"]))
	var arr [0]int
	fmt.Println(len(arr), arr)
}
