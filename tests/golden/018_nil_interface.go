package main

import "fmt"

type MyErr struct{ msg string }

func (e *MyErr) Error() string {
	if e == nil {
		return "nil *MyErr"
	}
	return e.msg
}

func mayFail(fail bool) error {
	var p *MyErr
	if fail {
		p = &MyErr{"failed"}
	}
	return p
}

func correct(fail bool) error {
	if fail {
		return &MyErr{"failed"}
	}
	return nil
}

type Node struct{ next *Node }

func (n *Node) Len() int {
	if n == nil {
		return 0
	}
	return 1 + n.next.Len()
}

func main() {
	err := mayFail(false)
	fmt.Println("typed nil is non-nil interface:", err != nil)
	fmt.Println(err.Error())
	fmt.Printf("%T %v\n", err, err == (*MyErr)(nil))
	err = correct(false)
	fmt.Println("plain nil:", err == nil)
	fmt.Printf("%T %v\n", err, err)

	var i interface{}
	var p *int
	fmt.Println(i == nil, p == nil)
	i = p
	fmt.Println(i == nil, i.(*int) == nil)
	fmt.Printf("%v %T\n", i, i)

	var list *Node
	fmt.Println("method on nil pointer:", list.Len())
	list = &Node{&Node{&Node{}}}
	fmt.Println(list.Len())

	var s fmt.Stringer
	fmt.Println(s == nil)
	var e error = (*MyErr)(nil)
	fmt.Println(e)
}
