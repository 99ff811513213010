package main

import "fmt"

func t(name string, v bool) bool {
	fmt.Print(name, " ")
	return v
}

func main() {
	a, b, c := 2, 3, 4
	fmt.Println(a+b*c, (a+b)*c, a*b+c, a-b-c, a*b%c, a<<b+c, a<<(b+c))
	fmt.Println(a|b&c, a^b|c, a&^b, ^a, -a*-b, +a)
	fmt.Println(a < b == (b < c), a+b > c && c > a || false)
	fmt.Println(!(a > b), a != b, a <= 2, b >= 4)
	fmt.Println(t("x", false) && t("y", true) || t("z", true))
	fmt.Println(t("p", true) || t("q", false) && t("r", false))
	x := 7
	y := x / 2 * 2
	z := x % 4 * 3
	fmt.Println(y, z, x&1 == 1, 1+2<<3, 12>>1>>1)
	f := 10.0
	g := f / 4 * 2
	fmt.Println(g, -f+3, f-(-2))
	s := "go" + "lang" + string("!"[0])
	fmt.Println(s, s > "go", s[1:3] == "ol")
	var ui uint8 = 5
	fmt.Println(^ui, -ui, ui&^3)
	m := map[string]int{"k": 3}
	arr := []int{10, 20, 30}
	fmt.Println(arr[m["k"]-1]*2, len(arr)*m["k"]+1)
	p := &struct{ v int }{8}
	fmt.Println(p.v*2, -p.v, *(&p.v)+1)
	ch := make(chan int, 1)
	ch <- 5
	fmt.Println(<-ch * 2)
	i := 1
	i += i * 2
	i <<= 1 + 1
	fmt.Println(i)
	var bools = []bool{true, false}
	fmt.Println(bools[0] != bools[1], !bools[1] == bools[0])
}
