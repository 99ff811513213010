package main

import (
	"errors"
	"fmt"
	"strconv"
)

var ErrNotFound = errors.New("not found")

var ErrPermission = errors.New("permission denied")

type QueryError struct {
	Query string
	Err   error
}

func (e *QueryError) Error() string { return e.Query + ": " + e.Err.Error() }

func (e *QueryError) Unwrap() error { return e.Err }

func find(key string) error {
	switch key {
	case "missing":
		return ErrNotFound
	case "secret":
		return &QueryError{"select " + key, ErrPermission}
	case "wrapped":
		return fmt.Errorf("find %q: %w", key, ErrNotFound)
	}
	return nil
}

func main() {
	for _, k := range []string{"ok", "missing", "secret", "wrapped"} {
		err := find(k)
		fmt.Printf("%-8s err=%v notFound=%v perm=%v\n", k, err,
			errors.Is(err, ErrNotFound), errors.Is(err, ErrPermission))
	}
	e1 := errors.New("same text")
	e2 := errors.New("same text")
	fmt.Println(e1 == e2, e1.Error() == e2.Error(), errors.Is(e1, e2))
	fmt.Println(errors.Is(nil, nil), errors.Is(nil, e1), errors.Unwrap(e1) == nil)
	var qe error = &QueryError{"q", ErrNotFound}
	fmt.Println(errors.Unwrap(qe) == ErrNotFound)
	_, err := strconv.Atoi("12x")
	fmt.Println(err, errors.Is(err, strconv.ErrSyntax))
	_, err = strconv.ParseInt("99999999999999999999", 10, 64)
	fmt.Println(err, errors.Is(err, strconv.ErrRange))
	plain := fmt.Errorf("no wrap %v", ErrNotFound)
	fmt.Println(plain, errors.Is(plain, ErrNotFound), errors.Unwrap(plain))
	fmt.Printf("%T %T %T\n", e1, qe, fmt.Errorf("%w", e1))
}
