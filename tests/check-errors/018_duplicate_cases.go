package main

func main() {
	x := 1
	switch x {
	case 1, 2:
	case 3, 1:
	case 2:
	}
	s := "a"
	switch s {
	case "a":
	case "a":
	}
	var i interface{} = x
	switch i.(type) {
	case int:
	case string, int:
	}
	switch {
	case x:
	}
}
