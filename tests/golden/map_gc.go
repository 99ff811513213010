package main

import (
	"fmt"
	"runtime"
	"strconv"
)

type Item struct {
	ID   int
	Name string
	Next *Item
}

func main() {
	m := map[string]*Item{}
	var prev *Item
	for i := 0; i < 3000; i++ {
		it := &Item{ID: i, Name: "item" + strconv.Itoa(i), Next: prev}
		m[it.Name] = it
		prev = it
		if i%500 == 0 {
			runtime.GC()
		}
	}
	for i := 0; i < 3000; i += 2 {
		delete(m, "item"+strconv.Itoa(i))
	}
	runtime.GC()
	runtime.GC()
	sum := 0
	for k, v := range m {
		if k != v.Name {
			fmt.Println("bad", k)
		}
		sum += v.ID
		if v.Next != nil && v.Next.ID != v.ID-1 {
			fmt.Println("bad next", v.ID)
		}
	}
	fmt.Println(len(m), sum)

	// Keys that are pointers into the heap, and string elements.
	pk := map[*Item]string{}
	for _, v := range m {
		pk[v] = v.Name + "!"
	}
	m = nil
	runtime.GC()
	ok := 0
	for k, v := range pk {
		if k.Name+"!" == v {
			ok++
		}
	}
	fmt.Println(ok)

	// Maps of maps.
	outer := map[int]map[int]string{}
	for i := 0; i < 50; i++ {
		inner := map[int]string{}
		for j := 0; j < 20; j++ {
			inner[j] = strconv.Itoa(i * j)
		}
		outer[i] = inner
	}
	runtime.GC()
	fmt.Println(outer[49][19], len(outer[7]))
}
