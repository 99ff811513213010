package main

import (
	"errors"
	"fmt"
)

type ConfigError struct {
	Key  string
	Line int
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("config: bad key %q on line %d", e.Key, e.Line)
}

func load() error {
	return fmt.Errorf("load: %w", &ConfigError{"port", 7})
}

func main() {
	err := load()
	var target *ConfigError
	fmt.Println(errors.Is(err, err), target == nil)
	panic(err)
}
