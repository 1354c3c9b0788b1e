package stratos

import "unsafe"

// live holds every buffer returned by allocate until deallocate, keyed by address: the
// reference keeps the garbage collector from freeing it while the host writes into it (Go's
// collector never moves heap objects, so the address stays valid).
var live = map[uintptr][]byte{}

// alloc returns the address of a new buffer of size bytes (at least one byte, so every address
// is distinct and non-zero), or 0 for a negative size.
func alloc(size int32) uintptr {
	if size < 0 {
		return 0
	}
	buf := make([]byte, max(size, 1))
	addr := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	live[addr] = buf[:size]
	return addr
}

// free forgets the buffer at addr; the garbage collector reclaims it once nothing else uses it.
func free(addr uintptr) { delete(live, addr) }

// inputAt is the input the host wrote into the buffer at addr: the first size bytes of that
// buffer, without a copy. It is false when addr did not come from alloc or is too small.
func inputAt(addr uintptr, size int32) ([]byte, bool) {
	buf, ok := live[addr]
	if !ok || size < 0 || int(size) > len(buf) {
		return nil, false
	}
	return buf[:size:size], true
}
