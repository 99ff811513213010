package main

func f() int { return 1 }

func main() {
	x := 1
	x + 1
	x == 2
	len("abc")
	f
	int(x)
	defer int(3)
	defer len("a")
	go f
	append([]int{}, 1)
	x
}
