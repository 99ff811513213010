package main

import "fmt"

func main() {
	var i int
	const k = 2
	type T struct{}
	x, y := 1, 2
	x, y = y, x
	x += 3
	x -= 1
	x *= 2
	x /= 2
	x %= 5
	x &= 7
	x |= 8
	x ^= 1
	x <<= 2
	x >>= 1
	x &^= 4
	i++
	i--
	;
	{
		z := 1
		_ = z
	}
	if x > 0 {
	} else if y := x; y < 0 {
	} else {
	}
	if v, ok := interface{}(x).(int); ok {
		_ = v
	}
	for {
		break
	}
	for x < 10 {
		x++
	}
	for i := 0; i < 3; i++ {
		continue
	}
	for ; ; i++ {
		break
	}
	for i = 0; i < 1; {
		i++
	}
	s := []int{1, 2}
	for range s {
	}
	for i := range s {
		_ = i
	}
	for i, v := range s {
		_, _ = i, v
	}
	for i, _ = range s {
	}
	ch := make(chan int, 1)
	for v := range ch {
		_ = v
		break
	}
outer:
	for {
		for {
			break outer
		}
	}
loop:
	for i := 0; i < 2; i++ {
		continue loop
	}
	switch {
	case x > 1, x < -1:
		fallthrough
	case x == 0:
	default:
	}
	switch y := x * 2; y {
	case 1:
	}
	switch x {
	}
	var e interface{} = x
	switch e.(type) {
	case int, string:
	case nil:
	}
	switch v := e.(type) {
	case *T, []int, map[string]int, func(), chan int:
		_ = v
	default:
	}
	switch x := 5; t := e.(type) {
	case int:
		_, _ = x, t
	}
	select {
	case ch <- 1:
	case v := <-ch:
		_ = v
	case v, ok := <-ch:
		_, _ = v, ok
	case i = <-ch:
	case <-ch:
	default:
	}
	ch <- 2
	<-ch
	go fmt.Println()
	defer func() { recover() }()
	goto end
end:
	return
}

func results() (int, error) {
	return 1, nil
}
