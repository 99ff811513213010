package main

func main() {
	x := y + 1
	undefinedFunc(x)
	var t UnknownType
	_ = t
}
