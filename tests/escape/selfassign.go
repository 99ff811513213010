package main

type Buf struct {
	data []byte
	next *Buf
	a, b int
}

// Assigning a part of an object to another part of itself stores no new
// pointer: Go ignores it (and says so).
func (b *Buf) shift(n int) {
	b.data = b.data[n:]
}

func (b *Buf) swap() {
	b.a, b.b = b.b, b.a
}

func reverse(s []int) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// Not a self-assignment: a different object.
func (b *Buf) link(o *Buf) {
	b.next = o.next
}

func main() {
	b := &Buf{data: []byte("hello")}
	b.shift(1)
	b.swap()
	s := []int{1, 2, 3}
	reverse(s)
	o := &Buf{}
	b.link(o)
	println(len(b.data), s[0])
}
