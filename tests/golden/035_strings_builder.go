package main

import (
	"fmt"
	"strings"
)

func main() {
	var b strings.Builder
	fmt.Println(b.Len(), b.String() == "")
	for i := 0; i < 5; i++ {
		b.WriteString(fmt.Sprintf("%d,", i))
	}
	b.WriteString("end")
	b.WriteByte('!')
	b.WriteRune('é')
	n, err := b.Write([]byte(" bytes"))
	fmt.Println(n, err)
	fmt.Println(b.String(), b.Len())

	var c strings.Builder
	c.Grow(64)
	fmt.Println(c.Len(), c.Cap())
	for i := 0; i < 10; i++ {
		c.WriteString("abcdefgh")
	}
	fmt.Println(c.Len(), c.Cap() >= 80)
	c.Reset()
	fmt.Println(c.Len(), c.String() == "")

	var caps []int
	var d strings.Builder
	last := -1
	for i := 0; i < 300; i++ {
		d.WriteByte('x')
		if d.Cap() != last {
			last = d.Cap()
			caps = append(caps, last)
		}
	}
	fmt.Println(caps)
	words := []string{"alpha", "beta", "gamma"}
	var e strings.Builder
	for i, w := range words {
		if i > 0 {
			e.WriteString(" | ")
		}
		e.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	fmt.Println(e.String())
}
