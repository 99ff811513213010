// Package fmt is the simulator's fmt: the printing functions are natives
// (the runtime formats values in simulated memory exactly as Go 1.19 does);
// Errorf and its wrapError are Go 1.19's, copied from the standard library.
package fmt

import "errors"

// Stringer is implemented by any value that has a String method,
// which defines the ``native'' format for that value.
type Stringer interface {
	String() string
}

// Printf formats according to a format specifier and writes to standard output.
//gml:escape format=none a=content
func Printf(format string, a ...any) (n int, err error)

// Sprintf formats according to a format specifier and returns the resulting string.
//gml:escape format=none a=content
func Sprintf(format string, a ...any) string

// Print formats using the default formats for its operands and writes to standard output.
//gml:escape a=content
func Print(a ...any) (n int, err error)

// Sprint formats using the default formats for its operands and returns the resulting string.
//gml:escape a=content
func Sprint(a ...any) string

// Println formats using the default formats for its operands and writes to standard output.
//gml:escape a=content
func Println(a ...any) (n int, err error)

// Sprintln formats using the default formats for its operands and returns the resulting string.
//gml:escape a=content
func Sprintln(a ...any) string

// sprintfWrap is Sprintf with Errorf's %w verb: it also returns the
// operand of the first %w that implements error (p.wrappedErr in the
// real package), or nil.
//gml:escape format=none a=content
func sprintfWrap(format string, a []any) (s string, wrapped error)

// Errorf formats according to a format specifier and returns the string as a
// value that satisfies error.
//
// If the format specifier includes a %w verb with an error operand,
// the returned error will implement an Unwrap method returning the operand.
func Errorf(format string, a ...any) error {
	s, wrappedErr := sprintfWrap(format, a)
	var err error
	if wrappedErr == nil {
		err = errors.New(s)
	} else {
		err = &wrapError{s, wrappedErr}
	}
	return err
}

type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string {
	return e.msg
}

func (e *wrapError) Unwrap() error {
	return e.err
}
