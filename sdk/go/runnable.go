package stratos

import (
	"errors"

	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/host"
)

// Runnable is the code of a Runnable module.
//
// Run receives the input of one invocation (the request body, or the message of a stream) and
// returns the output bytes, or an error: an error made by NewError (also when wrapped) fails
// the invocation with its code, any other error with code 500; both carry the error's text.
// In Stratos and Atmo a code in 200–599 becomes the HTTP status, anything else 500, and the
// Directive's onErr decides whether a sequence continues.
type Runnable interface {
	Run(input []byte) ([]byte, error)
}

// RunnableFunc adapts an ordinary function to the Runnable interface.
type RunnableFunc func(input []byte) ([]byte, error)

// Run calls f(input).
func (f RunnableFunc) Run(input []byte) ([]byte, error) { return f(input) }

var registered Runnable

// Use registers r as the module's Runnable. Call it from an init function: a reactor's main
// function is never called. A later call replaces the Runnable.
func Use(r Runnable) { registered = r }

// RunErr is an error with a code, returned by a Runnable to fail its invocation on purpose
// (the ABI's return_error).
type RunErr struct {
	// Code is the error code: an HTTP status in 200–599, or any other number (HTTP 500).
	Code int
	// Message is the error text.
	Message string
}

// Error returns the message.
func (e *RunErr) Error() string { return e.Message }

// NewError returns an error that fails the invocation with code and message.
func NewError(code int, message string) error { return &RunErr{Code: code, Message: message} }

// HostError is an error reported by the host for one host call; Message is the host's own
// text, e.g. "key not found", "file does not exist" or "404: Not Found".
type HostError = ffi.HostError

// noRunnable is the error of an invocation of a module whose init functions did not call Use.
const noRunnable = "stratos: no Runnable registered (call stratos.Use from an init function)"

// invoke runs one invocation: the body of the exported run_e.
func invoke(input []byte, ident int32) {
	ffi.Begin(ident)
	defer ffi.End()
	if registered == nil {
		host.ReturnError(500, noRunnable, ident)
		return
	}
	output, err, p := runGuarded(registered, input)
	switch {
	case p != nil:
		host.ReturnAbort(p.message, p.file, int32(p.line), 0, ident)
	case err != nil:
		code, message := errorOutput(err)
		host.ReturnError(code, message, ident)
	default:
		host.ReturnResult(output, ident)
	}
}

// errorOutput is the code and message return_error sends for err.
func errorOutput(err error) (int32, string) {
	var runErr *RunErr
	if errors.As(err, &runErr) {
		return int32(runErr.Code), err.Error()
	}
	return 500, err.Error()
}

// badInput is the error of an invocation whose input was not written into a buffer from
// allocate.
const badInput = "stratos: run_e input was not allocated with allocate"
