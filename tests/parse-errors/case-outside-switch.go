package main

func main() {
	switch {
	foo:
	}
}
