package main

import (
	"fmt"
	"strconv"
)

func main() {
	fmt.Println(strconv.Itoa(0), strconv.Itoa(-42), strconv.Itoa(1234567890))
	for _, s := range []string{"42", "-17", "+8", "0", "abc", "", "12a",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808"} {
		n, err := strconv.Atoi(s)
		fmt.Println(n, err)
	}
	fmt.Println(strconv.FormatInt(255, 2), strconv.FormatInt(255, 16),
		strconv.FormatInt(-255, 36), strconv.FormatInt(1<<62, 10))
	fmt.Println(strconv.FormatUint(1<<64-1, 10), strconv.FormatBool(true))
	v, err := strconv.ParseInt("ff", 16, 64)
	fmt.Println(v, err)
	v, err = strconv.ParseInt("300", 10, 8)
	fmt.Println(v, err)
	v, err = strconv.ParseInt("0x1f", 0, 64)
	fmt.Println(v, err)
	u, err := strconv.ParseUint("-1", 10, 64)
	fmt.Println(u, err)
	b, err := strconv.ParseBool("maybe")
	fmt.Println(b, err)
	fmt.Println(strconv.Quote("hi\n\"there\""))
	_, err = strconv.Atoi("x")
	if ne, ok := err.(*strconv.NumError); ok {
		fmt.Println(ne.Func, ne.Num, ne.Err, ne.Err == strconv.ErrSyntax)
	}
	buf := strconv.AppendInt([]byte("n="), -99, 10)
	fmt.Println(string(buf))
}
