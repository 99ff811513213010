package main

func one() int {
	return 1, 2
}

func two() (int, string) {
	return 1
}

func none() {
	return 5
}

func named() (x int, err error) {
	return
}

func bad() string {
	return 7
}

func main() {
	one()
	two()
	none()
	named()
	bad()
}
