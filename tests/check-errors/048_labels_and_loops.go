package main

func main() {
L:
	for {
		break L
	}
L:
	for {
	}
	for i := 0; i < 3; i++ {
		continue M
	}
}
