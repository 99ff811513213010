package main

import "fmt"

func sortStrings(a []string) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func main() {
	arr := [3]string{"a", "b", "c"}
	for i, v := range arr {
		arr[2] = "changed"
		fmt.Print(i, v, " ")
	}
	fmt.Println(arr)

	sl := []int{1, 2, 3}
	for i := range sl {
		sl[i] *= 10
	}
	fmt.Println(sl)
	for _, v := range sl {
		sl = append(sl, v)
	}
	fmt.Println(len(sl), sl)

	for i, r := range "héllo" {
		fmt.Print(i, ":", string(r), " ")
	}
	fmt.Println()

	m := map[string]int{"x": 1, "y": 2, "z": 3}
	keys := []string{}
	total := 0
	for k, v := range m {
		keys = append(keys, k)
		total += v
	}
	sortStrings(keys)
	fmt.Println(keys, total)

	ch := make(chan int, 5)
	for i := 0; i < 5; i++ {
		ch <- i * i
	}
	close(ch)
	for v := range ch {
		fmt.Print(v, " ")
	}
	fmt.Println()

	n := 0
	for range arr {
		n++
	}
	var nilSlice []int
	for range nilSlice {
		n += 100
	}
	fmt.Println("bare range:", n)
}
