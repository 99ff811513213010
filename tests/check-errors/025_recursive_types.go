package main

type A [2]A

type B struct {
	next B
}

type C struct {
	d D
}

type D struct {
	c C
}

type OK struct {
	next *OK
	kids []OK
	m    map[string]OK
}

func main() {
	var ok OK
	_ = ok
}
