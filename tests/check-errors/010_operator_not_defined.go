package main

func main() {
	s := "abc"
	t := s - "b"
	b := true
	c := b + b
	n := 5.5 % 2
	m := !n
	k := -s
	var p *int
	q := p < p
	_, _, _, _, _ = t, c, m, k, q
}
