package main

import "fmt"

func get(s []string, i int) string {
	return s[i]
}

func main() {
	names := []string{"a", "b", "c"}
	for i := 0; i <= len(names); i++ {
		fmt.Println(i, get(names, i))
	}
}
