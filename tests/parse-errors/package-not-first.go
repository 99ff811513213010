// comment
import "fmt"

package main
