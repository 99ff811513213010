// Package runtime is the simulator's runtime package: every function is a
// native that reads or drives the simulated runtime.  MemStats has Go
// 1.19's exact field list, so its size and offsets are the real ones.
package runtime

// GC runs a garbage collection and blocks the caller until the
// garbage collection is complete.
func GC()

// NumGoroutine returns the number of goroutines that currently exist.
func NumGoroutine() int

// Gosched yields the processor, allowing other goroutines to run.
func Gosched()

// GOMAXPROCS sets the maximum number of CPUs that can be executing
// simultaneously and returns the previous setting. If n < 1, it does not
// change the current setting.
func GOMAXPROCS(n int) int

// NumCPU returns the number of logical CPUs usable by the current process.
func NumCPU() int

// KeepAlive marks its argument as currently reachable.
//gml:noescape
func KeepAlive(x any)

// ReadMemStats populates m with memory allocator statistics.
//gml:noescape
func ReadMemStats(m *MemStats)

// SetFinalizer sets the finalizer associated with obj to the provided
// finalizer function.
func SetFinalizer(obj any, finalizer any)

// The Error interface identifies a run time error.
type Error interface {
	error

	// RuntimeError is a no-op function but
	// serves to distinguish types that are run time
	// errors from ordinary errors: a type is a
	// run time error if it has a RuntimeError method.
	RuntimeError()
}

// A MemStats records statistics about the memory allocator.
type MemStats struct {
	// General statistics.
	Alloc      uint64
	TotalAlloc uint64
	Sys        uint64
	Lookups    uint64
	Mallocs    uint64
	Frees      uint64

	// Heap memory statistics.
	HeapAlloc    uint64
	HeapSys      uint64
	HeapIdle     uint64
	HeapInuse    uint64
	HeapReleased uint64
	HeapObjects  uint64

	// Stack memory statistics.
	StackInuse uint64
	StackSys   uint64

	// Off-heap memory statistics.
	MSpanInuse  uint64
	MSpanSys    uint64
	MCacheInuse uint64
	MCacheSys   uint64
	BuckHashSys uint64
	GCSys       uint64
	OtherSys    uint64

	// Garbage collector statistics.
	NextGC        uint64
	LastGC        uint64
	PauseTotalNs  uint64
	PauseNs       [256]uint64
	PauseEnd      [256]uint64
	NumGC         uint32
	NumForcedGC   uint32
	GCCPUFraction float64
	EnableGC      bool
	DebugGC       bool

	// BySize reports per-size class allocation statistics.
	BySize [61]struct {
		Size    uint32
		Mallocs uint64
		Frees   uint64
	}
}

// errorString is the runtime's error for most run-time panics; Error adds
// the "runtime error: " prefix (runtime/error.go).
type errorString string

func (e errorString) RuntimeError() {}

func (e errorString) Error() string {
	return "runtime error: " + string(e)
}

// plainError is a run-time error printed without the prefix ("assignment
// to entry in nil map", "close of closed channel", interface conversions).
type plainError string

func (e plainError) RuntimeError() {}

func (e plainError) Error() string {
	return string(e)
}

// boundsError is the runtime's error for index and slice bounds failures.
// Go's is a struct of the failing values; the simulator's holds the
// message they format to, so %v and %T print what Go prints.
type boundsError string

func (e boundsError) RuntimeError() {}

func (e boundsError) Error() string {
	return "runtime error: " + string(e)
}

// A TypeAssertionError explains a failed type assertion.  Go's holds the
// three types involved; the simulator's holds the finished message.
type TypeAssertionError struct {
	msg string
}

func (*TypeAssertionError) RuntimeError() {}

func (e *TypeAssertionError) Error() string {
	return e.msg
}

// g is the runtime's goroutine descriptor: every goroutine allocates one
// (408 bytes in Go 1.19, so it takes a 416-byte slot).
type g struct {
	goid int64
	_    [50]uintptr
}

// sudog is a goroutine waiting on a channel or a semaphore (88 bytes in
// Go 1.19, a 96-byte slot).  acquireSudog takes one from its P's cache,
// refilled from a central list, and allocates only when both are empty;
// releaseSudog gives it back.  The simulator keeps the wait itself in
// runtime metadata: this object is the sudog's place in the heap.
type sudog struct {
	next *sudog
	_    [10]uintptr
}
