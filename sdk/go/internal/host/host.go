// Package host is the boundary between the SDK and the Runnable ABI of Atmo v0.4.7 / Reactr
// v0.15.1: one Go function per host function of the Wasm module "env", taking Go strings and
// byte slices instead of pointers and sizes. Every function takes the invocation's ident as its
// last argument, as the ABI does.
//
// Under GOOS=wasip1 the functions call the real host imports (//go:wasmimport env ...); on any
// other platform they forward to Impl, so the SDK's protocol logic can be unit-tested with
// "go test" on the build machine (see package hosttest).
package host

// Host is the Runnable ABI as Go methods. Sizes returned by the functions marked "FFI size" are
// >= 0 for a result of that many bytes and < 0 for an error text of -size bytes, both waiting to
// be fetched with GetFFIResult.
type Host interface {
	// ReturnResult is return_result: the invocation's output.
	ReturnResult(data []byte, ident int32)
	// ReturnError is return_error: the invocation fails with a code and message.
	ReturnError(code int32, message string, ident int32)
	// ReturnAbort is return_abort: the invocation fails with code -1 and a located message.
	ReturnAbort(message, file string, line, column int32, ident int32)
	// GetFFIResult is get_ffi_result: copies the pending result into buf (0, or -1 if none).
	GetFFIResult(buf []byte, ident int32) int32
	// AddFFIVar is add_ffi_var: pushes one variable for the next DBExec (0, or -1).
	AddFFIVar(name, value string, ident int32) int32
	// LogMsg is log_msg: a log line at level 1=error, 2=warn, 3=info, 4=debug.
	LogMsg(message string, level int32, ident int32)
	// FetchURL is fetch_url: FFI size, or -2 for an invalid method or malformed header.
	FetchURL(method int32, url string, body []byte, ident int32) int32
	// GraphQLQuery is graphql_query: FFI size.
	GraphQLQuery(endpoint, query string, ident int32) int32
	// CacheSet is cache_set: 0, -1 (no such invocation) or -2 (set failed); no FFI result.
	CacheSet(key string, value []byte, ttl int32, ident int32) int32
	// CacheGet is cache_get: FFI size.
	CacheGet(key string, ident int32) int32
	// RequestGetField is request_get_field: FFI size.
	RequestGetField(fieldType int32, key string, ident int32) int32
	// RequestSetField is request_set_field: FFI size (0 on success).
	RequestSetField(fieldType int32, key, value string, ident int32) int32
	// RespSetHeader is resp_set_header: sets a response header.
	RespSetHeader(key, value string, ident int32)
	// GetStaticFile is get_static_file: FFI size.
	GetStaticFile(name string, ident int32) int32
	// DBExec is db_exec: FFI size.
	DBExec(queryType int32, name string, ident int32) int32
}
