package main

func main() {
	x := 1
	switch x {
	case 1:
		fallthrough
	case 2:
		if x > 0 {
			fallthrough
		}
	case 3:
		fallthrough
	}
	var i interface{} = x
	switch i.(type) {
	case int:
		fallthrough
	case string:
	}
	fallthrough
}
