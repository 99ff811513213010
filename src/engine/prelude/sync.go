// Package sync is the simulator's sync: Mutex, RWMutex and WaitGroup are
// natives over the simulated scheduler (with Go 1.19's field layout, so
// their sizes are the real ones); Once and Pool are Go code after Go
// 1.19's, with Pool's lock-free per-P chains simplified to slices.
package sync

import "runtime"

// A Locker represents an object that can be locked and unlocked.
type Locker interface {
	Lock()
	Unlock()
}

// noCopy may be added to structs which must not be copied
// after the first use.
type noCopy struct{}

// Lock is a no-op used by -copylocks checker from `go vet`.
func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// A Mutex is a mutual exclusion lock.
// The zero value for a Mutex is an unlocked mutex.
type Mutex struct {
	state int32
	sema  uint32
}

// Lock locks m.
func (m *Mutex) Lock()

// TryLock tries to lock m and reports whether it succeeded.
func (m *Mutex) TryLock() bool

// Unlock unlocks m.
func (m *Mutex) Unlock()

// A RWMutex is a reader/writer mutual exclusion lock.
type RWMutex struct {
	w           Mutex  // held if there are pending writers
	writerSem   uint32 // semaphore for writers to wait for completing readers
	readerSem   uint32 // semaphore for readers to wait for completing writers
	readerCount int32  // number of pending readers
	readerWait  int32  // number of departing readers
}

// RLock locks rw for reading.
func (rw *RWMutex) RLock()

// RUnlock undoes a single RLock call.
func (rw *RWMutex) RUnlock()

// Lock locks rw for writing.
func (rw *RWMutex) Lock()

// Unlock unlocks rw for writing.
func (rw *RWMutex) Unlock()

// A WaitGroup waits for a collection of goroutines to finish.
type WaitGroup struct {
	noCopy noCopy

	state1 uint64
	state2 uint32
}

// Add adds delta, which may be negative, to the WaitGroup counter.
func (wg *WaitGroup) Add(delta int)

// Done decrements the WaitGroup counter by one.
func (wg *WaitGroup) Done()

// Wait blocks until the WaitGroup counter is zero.
func (wg *WaitGroup) Wait()

// Once is an object that will perform exactly one action.
type Once struct {
	// done indicates whether the action has been performed.
	done uint32
	m    Mutex
}

// Do calls the function f if and only if Do is being called for the
// first time for this instance of Once.
func (o *Once) Do(f func()) {
	if o.done == 0 {
		// Outlined slow-path to allow inlining of the fast-path.
		o.doSlow(f)
	}
}

func (o *Once) doSlow(f func()) {
	o.m.Lock()
	defer o.m.Unlock()
	if o.done == 0 {
		defer storeUint32(&o.done, 1)
		f()
	}
}

// storeUint32 stands in for atomic.StoreUint32 (the simulator runs one
// goroutine at a time, so a plain store is atomic).
func storeUint32(addr *uint32, val uint32) {
	*addr = val
}

// A Pool is a set of temporary objects that may be individually saved and
// retrieved.
type Pool struct {
	noCopy noCopy

	local  []poolLocal // per-P pool, indexed by the P's id
	victim []poolLocal // local from a previous cycle

	// New optionally specifies a function to generate
	// a value when Get would otherwise return nil.
	New func() any
}

// Local per-P Pool appendix.
type poolLocalInternal struct {
	private any   // Can be used only by the respective P.
	shared  []any // Local P can push/pop at the end (head); any P can steal from the front (tail).
}

type poolLocal struct {
	poolLocalInternal

	// Prevents false sharing on widespread platforms with
	// 128 mod (cache line size) = 0 .
	pad [128 - 40%128]byte
}

// Implemented by the runtime: procPin pins the goroutine to its P and
// returns the P's id; registerPool makes the GC move p.local to p.victim
// (and drop p.victim) at the start of every cycle, like poolCleanup.
func runtime_procPin() int
func runtime_procUnpin()
func runtime_registerPool(p *Pool)

// Put adds x to the pool.
func (p *Pool) Put(x any) {
	if x == nil {
		return
	}
	l, _ := p.pin()
	if l.private == nil {
		l.private = x
	} else {
		l.shared = append(l.shared, x)
	}
	runtime_procUnpin()
}

// Get selects an arbitrary item from the Pool, removes it from the
// Pool, and returns it to the caller.
func (p *Pool) Get() any {
	l, pid := p.pin()
	x := l.private
	l.private = nil
	if x == nil {
		// Try to pop the head of the local shard. We prefer
		// the head over the tail for temporal locality of
		// reuse.
		if n := len(l.shared); n > 0 {
			x = l.shared[n-1]
			l.shared[n-1] = nil
			l.shared = l.shared[:n-1]
		}
		if x == nil {
			x = p.getSlow(pid)
		}
	}
	runtime_procUnpin()
	if x == nil && p.New != nil {
		x = p.New()
	}
	return x
}

// The real getSlow reads p.local with atomic loads, so p leaks.
//gml:escape p=heap
func (p *Pool) getSlow(pid int) any {
	// Try to steal one element from other procs.
	size := len(p.local)
	locals := p.local
	for i := 0; i < size; i++ {
		l := &locals[(pid+i+1)%size]
		if x := popTail(l); x != nil {
			return x
		}
	}

	// Try the victim cache. We do this after attempting to steal
	// from all primary caches because we want objects in the
	// victim cache to age out if at all possible.
	size = len(p.victim)
	if pid >= size {
		return nil
	}
	locals = p.victim
	l := &locals[pid]
	if x := l.private; x != nil {
		l.private = nil
		return x
	}
	for i := 0; i < size; i++ {
		l := &locals[(pid+i)%size]
		if x := popTail(l); x != nil {
			return x
		}
	}

	// Mark the victim cache as empty for future gets don't bother
	// with it.
	p.victim = p.victim[:0]
	return nil
}

// popTail removes and returns the oldest shared element of l, or nil.
func popTail(l *poolLocal) any {
	if len(l.shared) == 0 {
		return nil
	}
	x := l.shared[0]
	l.shared[0] = nil
	l.shared = l.shared[1:]
	return x
}

// pin pins the current goroutine to P and returns poolLocal pool for the
// P and the P's id.  Caller must call runtime_procUnpin() when done with
// the pool.
func (p *Pool) pin() (*poolLocal, int) {
	pid := runtime_procPin()
	if pid < len(p.local) {
		return &p.local[pid], pid
	}
	return p.pinSlow()
}

func (p *Pool) pinSlow() (*poolLocal, int) {
	// Retry under the mutex.
	// Can not lock the mutex while pinned.
	runtime_procUnpin()
	pid := runtime_procPin()
	if pid < len(p.local) {
		return &p.local[pid], pid
	}
	if p.local == nil {
		runtime_registerPool(p)
	}
	// If GOMAXPROCS changes between GCs, we re-allocate the array and lose the old one.
	size := runtime.GOMAXPROCS(0)
	local := make([]poolLocal, size)
	p.local = local
	return &local[pid], pid
}
