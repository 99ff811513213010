package main

var a = b + 1
var b = c * 2
var c = f()

func f() int { return a }

var x int = x

const k = k + 1

func main() {
}
