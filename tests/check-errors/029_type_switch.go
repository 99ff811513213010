package main

func main() {
	var i interface{} = 1
	switch v := i.(type) {
	case int:
	case string:
	}
	n := 5
	switch n.(type) {
	case int:
	}
	switch w := i.(type) {
	case int:
		_ = w + 1
	}
}
