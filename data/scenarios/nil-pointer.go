// Nil pointers: a nil pointer inside an interface is not a nil
// interface, a nil receiver is a fine value, and the crash
// happens only where memory is read through nil.
package main

import "fmt"

type ListError struct{ Op string }

func (e *ListError) Error() string { return e.Op + ": empty list" }

type Node struct {
	Val  int
	Next *Node
}

// check returns a nil *ListError wrapped in an error interface.
func check(n *Node) error {
	var err *ListError
	if n == nil {
		err = &ListError{Op: "check"}
	}
	return err // never a nil interface: it always records the type
}

// Len works on a nil list: it never reads through n when n is nil.
func (n *Node) Len() int {
	if n == nil {
		return 0
	}
	return 1 + n.Next.Len()
}

// First reads n.Val through n: when n is nil, that faults.
func (n *Node) First() int { return n.Val }

func main() {
	list := &Node{Val: 1, Next: &Node{Val: 2}}
	err := check(list) // the list is fine: no error...
	bad := check(nil)  // ...and this one is a real error
	fmt.Printf("err == nil: %v, dynamic type %T\n", err == nil, err)
	fmt.Println("bad:", bad)

	var empty *Node
	fmt.Println("len of nil list:", empty.Len())
	fmt.Println("len:", list.Len(), "first:", list.First())
	fmt.Println("calling First on nil...")
	fmt.Println(empty.First())
}
