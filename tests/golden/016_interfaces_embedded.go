package main

import "fmt"

type Reader interface {
	Read() string
}

type Writer interface {
	Write(s string) int
}

type ReadWriter interface {
	Reader
	Writer
}

type Closer interface{ Close() error }

type ReadWriteCloser interface {
	ReadWriter
	Closer
}

type File struct {
	data   []string
	closed bool
}

func (f *File) Read() string {
	if len(f.data) == 0 {
		return ""
	}
	s := f.data[0]
	f.data = f.data[1:]
	return s
}

func (f *File) Write(s string) int {
	f.data = append(f.data, s)
	return len(s)
}

func (f *File) Close() error {
	f.closed = true
	return nil
}

func use(rw ReadWriter) {
	rw.Write("hello")
	rw.Write("world")
	fmt.Println(rw.Read(), rw.Read(), rw.Read() == "")
}

func main() {
	f := &File{}
	use(f)
	var rwc ReadWriteCloser = f
	var r Reader = rwc
	var w Writer = rwc
	w.Write("again")
	fmt.Println(r.Read())
	fmt.Println(rwc.Close(), f.closed)

	if c, ok := r.(Closer); ok {
		fmt.Println("reader is also a closer:", c.Close())
	}
	if _, ok := interface{}(struct{}{}).(Reader); !ok {
		fmt.Println("empty struct is not a Reader")
	}
	fmt.Printf("%T %T\n", r, w)
}
