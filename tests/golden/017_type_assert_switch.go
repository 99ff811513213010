package main

import (
	"errors"
	"fmt"
)

type Celsius float64

type Stringer interface{ String() string }

type Name string

func (n Name) String() string { return "Name(" + string(n) + ")" }

func classify(v interface{}) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int:
		return fmt.Sprintf("int %d", x+1)
	case int8, int16:
		return fmt.Sprintf("small int %v (%T)", x, x)
	case string:
		return "string of length " + fmt.Sprint(len(x))
	case Celsius:
		return fmt.Sprintf("celsius %.1f", float64(x))
	case Stringer:
		return "stringer " + x.String()
	case error:
		return "error " + x.Error()
	case []int:
		return fmt.Sprint("slice ", len(x))
	case func() int:
		return fmt.Sprint("func returning ", x())
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func main() {
	vals := []interface{}{nil, 41, int8(3), int16(4), "héllo", Celsius(21.5),
		Name("bob"), errors.New("bad"), []int{1, 2}, func() int { return 9 },
		3.5, map[string]int{}}
	for _, v := range vals {
		fmt.Println(classify(v))
	}

	var i interface{} = "text"
	s := i.(string)
	fmt.Println(s)
	n, ok := i.(int)
	fmt.Println(n, ok)
	st, ok := i.(Stringer)
	fmt.Println(st == nil, ok)
	var j interface{} = Name("z")
	st, ok = j.(Stringer)
	fmt.Println(st, ok)

	switch i.(type) {
	case int, string:
		fmt.Println("int or string, no binding")
	}
}
