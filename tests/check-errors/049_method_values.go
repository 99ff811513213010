package main

type T struct{}

func (t *T) Set() {}
func (t T) Get() int { return 0 }

func make_() T { return T{} }

func main() {
	make_().Set()
	f := T.Set
	g := (*T).Get
	_, _ = f, g
	T{}.Set()
}
