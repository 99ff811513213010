package main

type Item struct{ ID int }

var keep []*Item

// Appending a pointer to a slice whose backing array may be on the heap
// leaks it.
func collect(n int) []*Item {
	var out []*Item
	for i := 0; i < n; i++ {
		it := Item{i}
		out = append(out, &it)
	}
	return out
}

// Appending values copies them: nothing escapes but the slice itself.
func values(n int) []Item {
	var out []Item
	for i := 0; i < n; i++ {
		out = append(out, Item{i})
	}
	return out
}

// append(a, b...) with pointer elements leaks b's elements.
func concat(a, b []*Item) []*Item { return append(a, b...) }

// copy between slices of pointers leaks the source's elements.
func dup(dst, src []*Item) int { return copy(dst, src) }

// Slicing a local array takes its address: if the slice escapes, so does
// the array.
func window() []int {
	var arr [8]int
	return arr[2:4]
}

// A local array sliced locally stays on the stack.
func sum() int {
	var arr [8]int
	s := arr[:]
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

func main() {
	x := Item{1}
	keep = append(keep, &x)
	local := []*Item{}
	y := Item{2}
	local = append(local, &y)
	println(len(collect(2)), len(values(2)), len(concat(nil, local)), dup(nil, nil), len(window()), sum())
}
