package main

type Animal interface{ Sound() string }

type Dog struct{ name string }

func (d Dog) Sound() string { return d.name + " says woof" }

type Cat struct{ name string }

func (c *Cat) Sound() string { return c.name + " says meow" }

func main() {
	// The variable only ever holds a Dog: the call is devirtualized, and
	// the Dog no longer has to be boxed on the heap.
	var a Animal = Dog{"rex"}
	println(a.Sound())

	var b Animal = &Cat{"tom"}
	println(b.Sound())

	// Reassigned: the compiler cannot know the dynamic type.
	var c Animal = Dog{"fido"}
	if len(c.Sound()) > 3 {
		c = &Cat{"kit"}
	}
	println(c.Sound())

	// An explicit conversion devirtualizes too.
	println(Animal(Dog{"max"}).Sound())
}
