package main

type Node struct {
	Val  int
	Next *Node
}

type Registry struct {
	items []*Node
	byKey map[string]*Node
}

var head *Node
var all []*Node
var reg Registry
var table = map[int]*Node{}

func setHead(n *Node) { head = n }

func addAll(n *Node) { all = append(all, n) }

func register(key string, n *Node) {
	reg.items = append(reg.items, n)
	reg.byKey[key] = n
}

func putTable(n *Node) { table[n.Val] = n }

// Storing only a copy of the value keeps the parameter local.
func storeCopy(n *Node) { head = &Node{Val: n.Val} }

func main() {
	a := Node{Val: 1}
	setHead(&a)
	b := Node{Val: 2}
	addAll(&b)
	c := Node{Val: 3}
	register("c", &c)
	d := Node{Val: 4}
	putTable(&d)
	e := Node{Val: 5}
	storeCopy(&e)
	x := 7
	all = append(all, &Node{Val: x})
	println(head.Val, len(all))
}
