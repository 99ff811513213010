package main

func sign(x int) int {
	if x > 0 {
		return 1
	} else if x < 0 {
		return -1
	}
}

func loop() int {
	for {
		break
	}
}

func sw(x int) string {
	switch x {
	case 1:
		return "one"
	}
}

func ok(x int) int {
	for {
	}
}

func ok2(x int) int {
	switch {
	case x > 0:
		return 1
	default:
		panic("no")
	}
}

func main() {
	_, _, _, _, _ = sign(1), loop(), sw(1), ok(1), ok2(1)
}
