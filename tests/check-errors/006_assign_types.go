package main

type Celsius float64
type Fahrenheit float64

func main() {
	var s string = 5
	var n int = "five"
	var c Celsius = 20
	var f Fahrenheit = c
	var i int
	var j int64 = i
	b := true
	b = 1
	_, _, _, _, _ = s, n, f, j, b
}
