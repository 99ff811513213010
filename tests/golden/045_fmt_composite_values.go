package main

import "fmt"

type Inner struct {
	A int
	B string
}

type Outer struct {
	Name  string
	In    Inner
	Ptr   *Inner
	List  []int
	Tags  map[string]int
	Any   interface{}
	Err   error
	Funcs []func()
}

type Tree struct {
	Left, Right *Tree
	Val         int
}

func main() {
	o := Outer{
		Name: "outer",
		In:   Inner{1, "x"},
		Ptr:  &Inner{2, "y"},
		List: []int{1, 2, 3},
		Tags: map[string]int{"z": 26, "a": 1, "m": 13},
		Any:  Inner{3, "z"},
	}
	fmt.Printf("%v\n", o.In)
	fmt.Printf("%+v\n", o.In)
	fmt.Printf("%v %+v\n", o.Ptr, o.Ptr)
	fmt.Println(o.Tags, o.List, o.Any)
	fmt.Printf("%v\n", o.Funcs)
	fmt.Println(o.Err, o.Funcs == nil)

	t := &Tree{Val: 1, Left: &Tree{Val: 2}}
	fmt.Printf("%v %+v\n", *t.Left, *t.Left)

	m := map[int][]string{3: {"c"}, 1: {"a", "b"}, 2: nil}
	fmt.Println(m)
	mb := map[bool]int{true: 1, false: 0}
	mf := map[float64]string{2.5: "b", -1: "a", 10: "c"}
	fmt.Println(mb, mf)
	nested := [][]int{{1}, {2, 3}, {}}
	fmt.Println(nested, len(nested))
	arr := [2][2]string{{"a", "b"}, {"c", "d"}}
	fmt.Printf("%v %q\n", arr, arr)
	ps := []*int{nil}
	fmt.Println(ps[0] == nil, ps)
	anon := struct {
		X, Y int
		Z    []string
	}{1, 2, []string{"p"}}
	fmt.Printf("%v %+v\n", anon, anon)
	ifs := []interface{}{1, "two", 3.0, nil, []int{4}, Inner{5, "f"}, &Inner{6, "g"}}
	fmt.Println(ifs...)
	fmt.Printf("%v\n", ifs[:6])
	fmt.Printf("%d %s\n", Inner{7, "h"}, Inner{8, "i"})
	fmt.Printf("%x %X\n", Inner{255, "j"}, []string{"hi", "yo"})
}
