// Package ffi holds the state of the invocation in progress (its ident) and the FFI result
// protocol of the Runnable ABI: a host call that returns data answers with a
// size, the result (size >= 0) or error text (size < 0) of |size| bytes then waits on the host
// until the guest fetches it with get_ffi_result.
package ffi

import (
	"sync"

	"github.com/stratos-run/stratos/sdk/go/internal/host"
)

// UnknownHostError is the text of the error reported when the host gives no detail (the same
// wording as the Rust crate's).
const UnknownHostError = "unknown error returned from host"

// NoInvocation is the ident used outside an invocation; the host refuses calls made with it.
const NoInvocation int32 = -1

// HostError is an error reported by the host for one host call; Message is the host's own text.
type HostError struct {
	// Message is the host's error text, e.g. "key not found" or "404: Not Found".
	Message string
}

// Error returns the host's text.
func (e *HostError) Error() string { return e.Message }

// NewHostError returns a *HostError with message.
func NewHostError(message string) *HostError { return &HostError{Message: message} }

var (
	// mu serialises "host call + get_ffi_result" pairs: the host keeps one pending result per
	// invocation, and a goroutine switch (e.g. a GC assist in make) between the two must not
	// let another goroutine's host call find the slot busy.
	mu      sync.Mutex
	current = NoInvocation
)

// Begin marks the start of the invocation ident.
func Begin(ident int32) { current = ident }

// End marks the end of the invocation in progress; later host calls are refused by the host.
func End() { current = NoInvocation }

// Ident is the ident of the invocation in progress, or NoInvocation.
func Ident() int32 { return current }

// Var is one named variable for the next db_exec.
type Var struct {
	// Name is informative: the host binds values by position.
	Name string
	// Value is the variable's value.
	Value string
}

// Call runs one host call that answers with an FFI size (call receives the ident) and fetches
// the pending result: the data, or a *HostError with the host's text.
func Call(call func(ident int32) int32) ([]byte, error) {
	return CallWithVars(nil, call)
}

// CallWithVars pushes vars with add_ffi_var, in order, then runs call like Call; nothing else
// runs host calls in between.
func CallWithVars(vars []Var, call func(ident int32) int32) ([]byte, error) {
	mu.Lock()
	defer mu.Unlock()
	ident := current
	for _, v := range vars {
		if host.AddFFIVar(v.Name, v.Value, ident) != 0 {
			return nil, NewHostError("failed to add query variable " + v.Name)
		}
	}
	return fetch(call(ident), ident)
}

// fetch completes a host call that returned size: it always calls get_ffi_result (also for size
// 0 and for error sizes, so the host's result slot is never left busy) with a buffer of |size|
// bytes.
func fetch(size, ident int32) ([]byte, error) {
	n := int64(size)
	if n < 0 {
		n = -n
	}
	buf := make([]byte, n)
	if host.GetFFIResult(buf, ident) != 0 {
		// Nothing was pending: -1 (and -2 for fetch_url) come without a message.
		return nil, NewHostError(UnknownHostError)
	}
	if size < 0 {
		return nil, NewHostError(string(buf))
	}
	return buf, nil
}
