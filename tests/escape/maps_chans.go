package main

type Msg struct{ Text string }

// Maps keep keys and values on the heap: a pointer stored in any map
// escapes, even if the map itself does not.
func index(names []string) int {
	m := make(map[string]*Msg)
	for _, n := range names {
		msg := Msg{n}
		m[n] = &msg
	}
	return len(m)
}

func literal() int {
	x := Msg{"x"}
	m := map[int]*Msg{1: &x}
	return len(m)
}

// A map that is returned escapes; one only read locally does not.
func build() map[string]int {
	return map[string]int{"a": 1}
}

func count() int {
	m := map[string]int{"a": 1}
	return m["a"]
}

// Sending a pointer on a channel lets another goroutine have it.
func send(ch chan *Msg) {
	m := Msg{"hi"}
	ch <- &m
}

// Receiving does not make anything escape.
func recv(ch chan *Msg) string {
	m := <-ch
	return m.Text
}

func main() {
	ch := make(chan *Msg, 1)
	send(ch)
	println(index([]string{"a"}), literal(), len(build()), count(), recv(ch))
}
