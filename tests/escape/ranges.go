package main

var keep []*int

// Range variables are assigned on every iteration: capturing one in a
// closure captures it by reference.
func capture(xs []int) []func() int {
	var fs []func() int
	for _, x := range xs {
		fs = append(fs, func() int { return x })
	}
	return fs
}

// The address of a range variable: one variable for the whole loop in
// Go 1.19, moved to the heap once.
func addrs(xs []int) {
	for _, x := range xs {
		keep = append(keep, &x)
	}
}

// Ranging over a local array by value copies it; over a slice of
// pointers the elements flow out.
func ptrs(ps []*int) *int {
	var last *int
	for _, p := range ps {
		last = p
	}
	return last
}

func arrays() int {
	arr := [3]*int{}
	n := 0
	for _, p := range arr {
		if p != nil {
			n++
		}
	}
	return n
}

func chans(ch chan *int) *int {
	for p := range ch {
		return p
	}
	return nil
}

func main() {
	println(len(capture([]int{1})), ptrs(nil) == nil, arrays(), chans(nil) == nil)
	addrs([]int{2})
}
