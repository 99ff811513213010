package main

func f(xs []int, ch chan int, e any) (n int) {
outer:
	for i, x := range xs {
		switch {
		case x > 0:
			n += x
			fallthrough
		case x == 0:
			continue outer
		default:
			break outer
		}
		_ = i
	}
	for i := 0; i < 3; i++ {
		n--
	}
	select {
	case v, ok := <-ch:
		_, _ = v, ok
	case ch <- 1:
	default:
	}
	switch t := e.(type) {
	case int, string:
		_ = t
	}
	if v, ok := e.(*int); ok && v != nil {
		defer func() { recover() }()
	} else if n > 2 {
		go f(nil, nil, nil)
	}
	return
}
