package main

type User struct {
	Name string
	Age  int
}

func newUser(name string) *User {
	u := User{Name: name}
	return &u
}

func sum(xs []int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}

func main() {
	u := newUser("gopher")
	local := User{Name: "x"}
	p := &local
	n := sum([]int{1, 2, 3})
	println(u.Name, p.Age, n)
}
