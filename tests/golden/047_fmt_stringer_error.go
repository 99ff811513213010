package main

import (
	"errors"
	"fmt"
)

type Color int

const (
	Red Color = iota
	Green
	Blue
)

func (c Color) String() string {
	switch c {
	case Red:
		return "Red"
	case Green:
		return "Green"
	}
	return fmt.Sprintf("Color(%d)", int(c))
}

type PtrStringer struct{ n int }

func (p *PtrStringer) String() string { return fmt.Sprintf("PS<%d>", p.n) }

type NotFound struct{ Key string }

func (e NotFound) Error() string { return "not found: " + e.Key }

type Both struct{}

func (Both) Error() string  { return "error wins" }
func (Both) String() string { return "string loses" }

type Wrapper struct {
	C   Color
	Err error
}

func main() {
	fmt.Println(Red, Blue, Color(7))
	fmt.Printf("%v %s %d %q %x\n", Green, Green, Green, Green, Green)
	fmt.Printf("%+v %v\n", Wrapper{Blue, NotFound{"k"}}, []Color{Red, Green})
	fmt.Println(map[Color]int{Green: 2, Red: 1})

	ps := PtrStringer{3}
	fmt.Println(ps, &ps)
	fmt.Printf("%v %v\n", ps, &ps)

	var err error = NotFound{"user"}
	fmt.Println(err)
	fmt.Printf("%v | %s | %q\n", err, err, err)
	fmt.Println(Both{})
	fmt.Printf("[%10v] [%-12s]\n", Red, Green)

	wrapped := fmt.Errorf("lookup failed: %w", err)
	fmt.Println(wrapped)
	fmt.Println(errors.Is(wrapped, err), errors.Is(wrapped, NotFound{"other"}))
	fmt.Println(errors.Unwrap(wrapped) == err)
	base := errors.New("base")
	w2 := fmt.Errorf("layer2: %w", fmt.Errorf("layer1: %w", base))
	fmt.Println(w2, errors.Is(w2, base), errors.Is(base, w2))
	fmt.Println(errors.New("a") == errors.New("a"))
	fmt.Printf("%v\n", []error{err, nil, base})
}
