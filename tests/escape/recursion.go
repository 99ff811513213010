package main

type Tree struct {
	Left, Right *Tree
	Val         int
}

// Mutually recursive functions are analysed together: the pointer flows
// through both before reaching the global.
var last *Tree

func walkA(t *Tree, depth int) {
	if t == nil {
		return
	}
	if depth == 0 {
		last = t
		return
	}
	walkB(t.Left, depth-1)
}

func walkB(t *Tree, depth int) {
	if t == nil {
		return
	}
	walkA(t.Right, depth-1)
}

// Recursion that only reads does not make anything escape.
func sum(t *Tree) int {
	if t == nil {
		return 0
	}
	return t.Val + sum(t.Left) + sum(t.Right)
}

// Returning through recursion: the parameter leaks to the result.
func leftmost(t *Tree) *Tree {
	if t.Left == nil {
		return t
	}
	return leftmost(t.Left)
}

func main() {
	a := Tree{Val: 1}
	b := Tree{Val: 2, Left: &a}
	walkA(&b, 2)
	c := Tree{Val: 3}
	println(sum(&c), leftmost(&c).Val)
}
