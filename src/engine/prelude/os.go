// Package os is the simulator's os: only Exit.
package os

// Exit causes the current program to exit with the given status code.
// Deferred functions are not run.
func Exit(code int)
