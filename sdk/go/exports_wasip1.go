//go:build wasip1

package stratos

import "github.com/stratos-run/stratos/sdk/go/internal/host"

// The exports of the Runnable ABI. The host calls allocate for the input,
// writes it there, calls run_e, then deallocate.

//go:wasmexport allocate
func allocate(size int32) int32 { return int32(uint32(alloc(size))) }

//go:wasmexport deallocate
func deallocate(ptr, size int32) { free(uintptr(uint32(ptr))) }

//go:wasmexport run_e
func runE(ptr, size, ident int32) {
	input, ok := inputAt(uintptr(uint32(ptr)), size)
	if !ok {
		host.ReturnError(500, badInput, ident)
		return
	}
	invoke(input, ident)
}
