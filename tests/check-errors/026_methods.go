package main

type T struct{ X int }

func (t T) X() int { return 1 }

func (t T) M()  {}
func (t *T) M() {}

func (i int) Double() int { return i * 2 }

type P *T

func (p P) Bad() {}

type I interface{ M() }

func (i I) Bad() {}

func main() {
}
