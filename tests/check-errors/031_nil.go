package main

func main() {
	x := nil
	var y = nil
	var n int = nil
	var s string
	if s == nil {
	}
	_, _, _ = x, y, n
	_ = nil == nil
}
