package main

func main() {
	x := []int{
		1,
		2
	}
	if x == nil
	{
	}
	for i := 0; i < 3; j := 1 {
	}
	var y := 3
	z := 'ab' + "\q" + 0x + 1__0
	func[T any]() {}
	c := 3i
}
