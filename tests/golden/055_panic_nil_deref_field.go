package main

import "fmt"

type Header struct {
	ID    int64
	Flags int32
	Size  int32
	Name  string
}

type Packet struct {
	Hdr  Header
	Body []byte
}

var packets = map[string]*Packet{"a": {Hdr: Header{Size: 10}}}

func main() {
	for _, k := range []string{"a", "b"} {
		p := packets[k]
		fmt.Println(k, p.Hdr.Size)
	}
}
