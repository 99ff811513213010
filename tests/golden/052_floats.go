package main

import "fmt"

func main() {
	a, b := 0.1, 0.2
	fmt.Println(a+b, a+b == 0.3, 1.0/3.0)
	var f1, f2 float32 = 0.1, 0.2
	fmt.Println(f1+f2, f1+f2 == 0.3, float32(1)/3)
	fmt.Println(float64(f1), float32(a))
	zero := 0.0
	inf := 1 / zero
	ninf := -1 / zero
	nan := zero / zero
	fmt.Println(inf, ninf, nan, nan == nan, nan != nan, inf > 1e308)
	fmt.Println(-zero, 1/(-zero), zero == -zero)
	fmt.Println(1e21, 1e20, 123456789.0, 1e-5, 0.0001, 100.0)
	fmt.Println(float32(1e21), float32(16777217), float32(3.4e38)*float32(big10()))
	fmt.Println(2.5e-324, 5e-324, 1.7976931348623157e308)
	var x float64 = 7
	fmt.Println(x/2, x*x, -x, x-0.5)
	fmt.Printf("%v %.3f %8.2f %e %g\n", 3.0, 2.0/3, 1234.5678, 1234.5678, 0.000012345)
	fmt.Printf("%v %v %v\n", float32(0.1), float64(float32(0.1)), float32(2)/3)
	sum := 0.0
	for i := 0; i < 10; i++ {
		sum += 0.1
	}
	fmt.Println(sum, sum == 1.0)
	var g float32 = 16777216
	g++
	fmt.Println(g, g+2)
	fmt.Println(3.0*1e-1, 9.999999999999999e22, 1e23)
	h := 1.5
	h += 2
	h *= 3
	h /= 4
	fmt.Println(h, -h)
	fmt.Printf("%.1f %.1f %.1f %.1f %.0f %.0f\n", 0.25, 0.35, 2.45, -0.05, 0.5, 1.5)
	fmt.Printf("%6.2f|%-8.1e|%+g\n", -3.14159, 31415.9, 2.0)
}

func big10() float64 { return 10 }
