package main

import "fmt"

type Animal struct {
	Name string
	Legs int
}

func (a Animal) Describe() string { return fmt.Sprintf("%s has %d legs", a.Name, a.Legs) }

func (a *Animal) Rename(n string) { a.Name = n }

func (a Animal) Sound() string { return "..." }

type Dog struct {
	Animal
	Breed string
}

func (d Dog) Sound() string { return "woof (not " + d.Animal.Sound() + ")" }

type Logger struct{ prefix string }

func (l *Logger) Log(s string) { fmt.Println(l.prefix + s) }

type Service struct {
	*Logger
	Name string
}

type Base struct{ ID int }

func (b Base) Ident() int { return b.ID }

type Middle struct{ Base }

type Top struct {
	Middle
	ID string
}

type Sounder interface{ Sound() string }

func main() {
	d := Dog{Animal{"Rex", 4}, "lab"}
	fmt.Println(d.Name, d.Legs, d.Breed)
	fmt.Println(d.Describe())
	d.Rename("Max")
	fmt.Println(d.Describe(), d.Animal.Name)
	fmt.Println(d.Sound())
	var s Sounder = d
	fmt.Println(s.Sound())
	s = d.Animal
	fmt.Println(s.Sound())

	svc := Service{&Logger{"[svc] "}, "api"}
	svc.Log("started " + svc.Name)
	svc.prefix = "[changed] "
	svc.Log("again")

	t := Top{Middle{Base{42}}, "shadow"}
	fmt.Println(t.ID, t.Middle.ID, t.Base.ID, t.Ident())
	fmt.Printf("%+v\n", t)
	fmt.Printf("%+v\n", d)
}
