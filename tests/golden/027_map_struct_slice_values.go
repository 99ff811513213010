package main

import "fmt"

type Account struct {
	Owner   string
	Balance int
}

func main() {
	accts := map[string]Account{"a": {"ann", 10}, "b": {"bob", 20}}
	acc := accts["a"]
	acc.Balance += 5
	fmt.Println("copy modified:", acc.Balance, "map unchanged:", accts["a"].Balance)
	accts["a"] = acc
	fmt.Println("stored back:", accts["a"])

	ptrs := map[string]*Account{"c": {"cid", 1}}
	ptrs["c"].Balance += 99
	fmt.Println(*ptrs["c"], ptrs["zz"] == nil)

	groups := map[string][]int{}
	for i := 0; i < 10; i++ {
		key := "odd"
		if i%2 == 0 {
			key = "even"
		}
		groups[key] = append(groups[key], i)
	}
	fmt.Println(groups["even"], groups["odd"], len(groups))
	fmt.Println(groups)

	nested := map[string]map[string]int{}
	for _, w := range []string{"a:x", "a:y", "b:x", "a:x"} {
		outer, inner := w[:1], w[2:]
		if nested[outer] == nil {
			nested[outer] = map[string]int{}
		}
		nested[outer][inner]++
	}
	fmt.Println(nested)
	fmt.Printf("%v %+v\n", accts, ptrs["c"])

	arrs := map[int][2]string{1: {"x", "y"}}
	fmt.Println(arrs[1][1], len(arrs[5][0]))
}
