package main

import 42

func main() {}
