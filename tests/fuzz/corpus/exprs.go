package main

func g() {
	a, b := 1, 2
	_ = a + b*3<<1 | a&^b
	_ = &struct{ a []map[int]string }{}
	_ = []Point{{1, 2}, {X: 3}}
	_ = [...]string{2: "c"}
	_ = func(x int) int { return -x }(a)
	s := []byte("héllo")
	_ = s[1:2:3]
	_ = string(s[:])
	_ = <-make(chan int)
	_ = (*Point)(nil)
	_ = append(s, s...)
	if (Point{}) == p {
	}
	_ = 'x' + '\u00e9' + 0x1p-2 + 0o17 + 0b1_0
	_ = `raw
string`
}
