package main

import "fmt"

type Counter struct{ n int }

// Inc has a pointer receiver.
func (c *Counter) Inc() { c.n++ }

// Get has a value receiver.
func (c Counter) Get() int { return c.n }

func (Counter) Unnamed() {}

func split(sum int) (x, y int) {
	x = sum * 4 / 9
	y = sum - x
	return
}

func variadic(prefix string, nums ...int) int {
	return len(nums)
}

func multi() (int, string, error) { return 0, "", nil }

//go:noinline
//gml:escape leaks=0
func native(p *int) *int

//go:nosplit
func nosplit() {}

func adder() func(int) int {
	sum := 0
	return func(x int) int {
		sum += x
		return sum
	}
}

func main() {
	c := &Counter{}
	inc := c.Inc
	get := Counter.Get
	pinc := (*Counter).Inc
	inc()
	pinc(c)
	fmt.Println(get(*c), variadic("a", 1, 2, 3), variadic("b", []int{4}...))
	func() {
		defer fmt.Println("done")
	}()
	go func(n int) {}(1)
	f := adder()
	_ = f(1)
	split(18)
}
