package main

import "fmt"

type Address struct {
	City string
	Zip  int
}

type Person struct {
	Name    string
	Age     int
	Addr    Address
	Manager *Person
	tags    []string
}

type Empty struct{}

func main() {
	p := Person{Name: "Ann", Age: 30, Addr: Address{"Oslo", 150}}
	q := Person{"Bob", 40, Address{City: "Rome"}, &p, nil}
	fmt.Println(p.Name, p.Addr.City, q.Manager.Name, q.Addr.Zip)
	q.Manager.Age++
	fmt.Println(p.Age)

	copyP := p
	copyP.Addr.City = "Bergen"
	fmt.Println(p.Addr.City, copyP.Addr.City)

	a1 := Address{"X", 1}
	a2 := Address{"X", 1}
	fmt.Println(a1 == a2, a1 != Address{"Y", 1})

	point := struct{ X, Y int }{3, 4}
	fmt.Println(point.X*point.X + point.Y*point.Y)
	var anon struct {
		ID   int
		Tags []string
	}
	anon.Tags = append(anon.Tags, "t")
	fmt.Printf("%+v\n", anon)

	people := []Person{{Name: "C"}, {Name: "D", Age: 5}}
	for i := range people {
		people[i].Age += 10
	}
	fmt.Println(people[0].Age, people[1].Age)
	pp := &people[1]
	pp.tags = []string{"x"}
	fmt.Println(len(people[1].tags))

	var e1, e2 Empty
	fmt.Println(e1 == e2, Empty{})
	type local struct {
		a int
		b bool
	}
	l := local{b: true}
	fmt.Printf("%v %+v\n", l, l)
	ptrs := map[string]*Address{"home": {"Paris", 75}}
	ptrs["home"].Zip++
	fmt.Println(*ptrs["home"])
}
