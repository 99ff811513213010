package main

import (
	"fmt"
	"strings"
)

type T struct{ a int }

func main() {
	var t T
	_ = t.b
	_ = t.a.x
	var p *T
	_ = p.zz
	fmt.println("x")
	_ = strings.NoSuchFunc
	var b strings.Builder
	_ = b.buf
}
