// GOGC sets how much the heap may grow between collections,
// as a percentage of the live heap. This scenario runs with
// GOGC=50: half the default headroom, so more cycles.
package main

import "fmt"

var live [][]byte // 8 MiB that stays reachable
var sink []byte   // each new buffer replaces the last: garbage

func main() {
	for i := 0; i < 8; i++ {
		live = append(live, make([]byte, 1<<20))
	}
	total := 0
	for i := 0; i < 400; i++ {
		sink = make([]byte, 64<<10) // 64 KiB of garbage per iteration
		total += len(sink)
	}
	fmt.Println("live:", len(live), "MiB, garbage made:", total>>20, "MiB")
}
