// A request handler under GC: every request allocates a little,
// the allocations add up to GC cycles, and the cycles pause the
// handler only briefly.
package main

import (
	"fmt"
	"runtime"
	"strconv"
)

type Session struct {
	User string
	Hits int
	Last *string // the last response: a pointer the GC must follow
}

var sessions = map[string]*Session{} // long-lived state

// handle serves one request: it reads a body of size bytes and
// answers with the items.
func handle(user string, size int, items []int) string {
	body := make([]byte, size) // size is only known at run time: heap
	body[0] = '{'
	s := sessions[user]
	if s == nil {
		s = &Session{User: user}
		sessions[user] = s
	}
	s.Hits++
	out := user + ":"
	for _, it := range items {
		out = out + " " + strconv.Itoa(it) // a new string every time round
	}
	s.Last = &out // out outlives the call
	return out
}

func main() {
	users := []string{"ana", "bo", "cy"}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < 1200; i++ {
		handle(users[i%3], 8<<10, []int{101, 202, 303})
	}
	runtime.ReadMemStats(&after)
	fmt.Println(*sessions["ana"].Last, "| hits:", sessions["ana"].Hits)
	fmt.Println("allocations per request:", (after.Mallocs-before.Mallocs)/1200)
}
