package main

type P struct{ a int }

func get() int { return 1 }

func main() {
	m := map[string]P{}
	m["a"].a = 1
	get() = 2
	3 = 4
	const c = 5
	c = 6
	s := "abc"
	s[0] = 'x'
	len(s) = 2
}
