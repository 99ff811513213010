package main

import "fmt"

var (
	total = base * 2
	base  = compute("base", 21)
	label = describe()
)

var trace []string

func compute(name string, v int) int {
	trace = append(trace, "var "+name)
	return v
}

func describe() string {
	trace = append(trace, "var label")
	return fmt.Sprint("total=", total)
}

func init() {
	trace = append(trace, "init 1")
	total++
}

type Registry map[string]int

var registry = Registry{}

func (r Registry) init() { r["method named init"] = 1 }

func init() {
	trace = append(trace, "init 2")
	registry["from init"] = len(trace)
	registry.init()
}

func main() {
	fmt.Println(trace)
	fmt.Println(base, total, label, len(registry), registry["from init"])
}
