package main

func main() {
	break
	continue
L:
	for i := 0; i < 3; i++ {
		if i == 1 {
			continue L
		}
	}
M:
	x := 1
	_ = x
	for {
		break N
	}
}
