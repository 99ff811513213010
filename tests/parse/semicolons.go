package main; import "fmt"

func f() int { return 1 }; func g() {}

func main() {
	x := f() /* a
	multi-line comment acts as a newline */
	y := x /* same line */ + 1
	fmt.Println(x,
		y)
	x++ // comment
	for i := 0; i < 2; i++ { x-- }
	if x > 0 { return }
	z := []int{
		1,
		2,
	}
	_ = z[0]; _ = z[1]
	g()
}
