package main

func main() {
	arr := [3]int{1, 2, 3}
	_ = arr[5]
	_ = arr[-1]
	_ = "abc"[10]
	s := []int{1}
	_ = s[-2]
	_ = arr[1:5]
	_ = s[3:1]
	var k string
	_ = arr[k]
}
