package main

import "fmt"

type Base struct{ id int }

func (b *Base) ID() int   { return b.id }
func (b Base) Copy() Base { return b }

type Derived struct {
	Base
	name string
}

type PtrDerived struct {
	*Base
	tag string
}

func main() {
	var d Derived
	d.id = 1
	pd := PtrDerived{Base: &Base{2}}
	// Promoted fields and methods go through the embedded field: Go
	// prints the implicit selection.
	fmt.Println(d.id, d.ID(), d.Copy(), pd.id, pd.ID())
	get := d.ID
	fmt.Println(get())
}
