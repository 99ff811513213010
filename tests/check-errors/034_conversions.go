package main

type Celsius float64

func main() {
	s := "abc"
	n := int(s)
	f := float64("1.5")
	var p *int
	q := string(p)
	b := []byte(5)
	c := Celsius("hot")
	var i int8 = int8(300)
	_, _, _, _, _, _ = n, f, q, b, c, i
}
