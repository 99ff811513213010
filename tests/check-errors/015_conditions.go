package main

func main() {
	x := 5
	if x {
	}
	for x {
	}
	for i := 0; i; i++ {
	}
	if s := "a"; s {
	}
}
