package main

func main() {
	f := func() int return 1
	_ = f
}
