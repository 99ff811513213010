package main

func f() int { return 1 }

func main() {
	p := &f()
	q := &5
	const c = 3
	r := &c
	m := map[string]int{}
	s := &m["a"]
	_, _, _, _ = p, q, r, s
}
