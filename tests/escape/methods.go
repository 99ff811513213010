package main

import "fmt"

type Counter struct{ n int }

func (c *Counter) Inc()     { c.n++ }
func (c Counter) Get() int  { return c.n }
func (c *Counter) Self() *Counter { return c }

type Getter interface{ Get() int }

var saved func()

func main() {
	var c Counter
	// A method value binds its receiver: &c is stored in the closure.
	inc := c.Inc
	inc()
	get := c.Get
	fmt.Println(get())

	// Stored in a global, the method value escapes and so does c2.
	var c2 Counter
	saved = c2.Inc

	// A method expression is a plain function.
	f := (*Counter).Inc
	f(&c)
	g := Counter.Get
	fmt.Println(g(c))

	// A method value of an interface.
	var gt Getter = c
	h := gt.Get
	fmt.Println(h())

	// Calling a pointer method on a call's result goes through a temporary.
	fmt.Println(c.Self().Self().Get())
}
