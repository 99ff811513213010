// Anatomy of a GC cycle: stop the world briefly, mark what is
// reachable while the program keeps running, stop again, then
// sweep what was not marked.
package main

import (
	"fmt"
	"runtime"
)

type Node struct {
	Left, Right *Node
	Val         int
}

// build makes a complete binary tree with 2^(depth+1)-1 nodes.
func build(depth int) *Node {
	if depth == 0 {
		return &Node{Val: 1}
	}
	return &Node{Left: build(depth - 1), Right: build(depth - 1), Val: 1}
}

func count(n *Node) int {
	if n == nil {
		return 0
	}
	return n.Val + count(n.Left) + count(n.Right)
}

var tree *Node // reachable from a global: a GC root

func main() {
	tree = build(3) // 15 nodes that stay reachable
	build(1)        // 3 nodes that nothing keeps
	done := make(chan bool)
	go func() {
		for i := 0; i < 100; i++ {
			tree.Left, tree.Right = tree.Right, tree.Left // pointer writes during marking
		}
		done <- true
	}()
	runtime.GC() // one complete cycle, sweep included
	<-done
	fmt.Println("nodes in the tree:", count(tree))
}
