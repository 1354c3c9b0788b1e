// Package stratos is the Go SDK for Stratos Runnables: WebAssembly modules built with standard
// Go (1.24 or later) for GOOS=wasip1 GOARCH=wasm as WASI reactors, that use the Runnable ABI of
// Suborbital Atmo v0.4.7 / Reactr v0.15.1 unchanged (host functions in the Wasm module "env",
// the FFI result protocol, the exports allocate, deallocate and run_e). The host must call the
// reactor's _initialize export first, as Stratos does (Atmo v0.4.7 only called _start and init,
// so it cannot run Go reactors).
//
// A Runnable registers itself from an init function (a reactor's main is never called):
//
//	package main
//
//	import stratos "github.com/stratos-run/stratos/sdk/go"
//
//	func init() { stratos.Use(stratos.RunnableFunc(run)) }
//
//	func run(input []byte) ([]byte, error) {
//		return append([]byte("hello "), input...), nil
//	}
//
//	func main() {}
//
// and is built with
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -ldflags="-s -w" -o hello.wasm .
//
// The host runs the exported _initialize once per instance (Go's runtime and package
// initialisation, which calls Use), then, for every invocation, allocate, run_e and deallocate.
//
// The rest of the Runnable API lives in sub-packages named like the Rust crate's modules:
// request, response, log, http, graphql, cache, db and file. Host calls that can fail return a
// Go error; for a failure reported by the host it is a *HostError holding the host's own text.
//
// Host calls belong to the invocation in progress: make them from Run (or from goroutines that
// finish before Run returns), not from init functions or goroutines left running afterwards.
package stratos
