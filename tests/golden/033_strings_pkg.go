package main

import (
	"fmt"
	"strings"
)

func main() {
	s := "The quick brown fox"
	fmt.Println(strings.Contains(s, "quick"), strings.Contains(s, "slow"), strings.Contains(s, ""))
	fmt.Println(strings.ToUpper(s), strings.ToLower(s))
	fmt.Println(strings.ToUpper("héllo wörld"))
	fmt.Printf("%q\n", strings.Split("a,b,,c", ","))
	fmt.Printf("%q\n", strings.Split("abc", ""))
	fmt.Printf("%q\n", strings.Split("", ","))
	fmt.Printf("%q\n", strings.SplitN("a-b-c-d", "-", 2))
	fmt.Println(strings.Join([]string{"x", "y", "z"}, ", "))
	fmt.Println(strings.Repeat("ab", 3), strings.Repeat("-", 0) == "")
	fmt.Println(strings.HasPrefix(s, "The"), strings.HasSuffix(s, "fox"))
	fmt.Println(strings.Index(s, "o"), strings.LastIndex(s, "o"), strings.Index(s, "z"))
	fmt.Println(strings.IndexByte(s, 'q'), strings.IndexRune("chicken", 'k'))
	fmt.Printf("%q\n", strings.Fields("  lots   of\tspace \n"))
	fmt.Printf("%q\n", strings.TrimSpace("\t  padded  \n"))
	fmt.Println(strings.Replace("oink oink oink", "k", "ky", 2))
	fmt.Println(strings.ReplaceAll("oink oink oink", "oink", "moo"))
	fmt.Println(strings.Count("cheese", "e"), strings.Count("five", ""))
	fmt.Println(strings.EqualFold("Go", "GO"))
	fmt.Println(strings.Map(func(r rune) rune {
		if r == 'a' {
			return 'A'
		}
		return r
	}, "banana"))
	fmt.Println(strings.TrimFunc("123abc456", func(r rune) bool { return r >= '0' && r <= '9' }))
}
