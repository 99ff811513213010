package main

import "fmt"

type Speaker interface{ Speak() string }

type Dog struct{ name string }

func (d Dog) Speak() string { return d.name + ": woof" }

// Loud embeds an interface: it gets Speak from whatever it holds.
type Loud struct {
	Speaker
	times int
}

func (l Loud) Shout() string {
	s := ""
	for i := 0; i < l.times; i++ {
		s += l.Speak() + "! "
	}
	return s
}

type Named interface {
	Speaker
	Name() string
}

type Robot struct{ id int }

func (r *Robot) Speak() string { return fmt.Sprint("beep ", r.id) }
func (r *Robot) Name() string  { return fmt.Sprint("robot-", r.id) }

type Wrapper struct{ Named }

func main() {
	l := Loud{Dog{"rex"}, 2}
	fmt.Println(l.Speak())
	fmt.Println(l.Shout())
	var s Speaker = l
	fmt.Println(s.Speak())
	l.Speaker = &Robot{7}
	fmt.Println(l.Speak())

	w := Wrapper{&Robot{9}}
	var n Named = w
	fmt.Println(n.Name(), n.Speak())
	var empty Wrapper
	fmt.Println(empty.Named == nil)
	defer func() { fmt.Println("recovered:", recover()) }()
	fmt.Println(empty.Speak())
}
