//go:build !wasip1

// Package hosttest is a fake Runnable host for unit tests of the SDK on the build machine. It
// follows the host's side of the ABI like Stratos does: calls with another ident are refused
// with -1, a host call that returns data leaves one pending FFI result that get_ffi_result
// fetches, a second such call while one is pending is refused with -1, and database variables
// are consumed by the next db_exec.
package hosttest

import (
	"errors"
	"testing"

	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/host"
)

// Ident is the ident of the invocation the fake host serves.
const Ident int32 = 42

// Call is one host call as the fake host saw it.
type Call struct {
	// Name is the host function's name, e.g. "cache_get".
	Name string
	// Args are its arguments other than pointers and ident, rendered as strings.
	Args []string
}

// Log is one log_msg call.
type Log struct {
	// Level is the ABI level (1 error ... 4 debug).
	Level int32
	// Message is the text.
	Message string
}

// Fake is a programmable host. The zero value answers every data call with an error.
type Fake struct {
	// Fields holds request fields by field type and key (request_get_field/request_set_field).
	Fields map[int32]map[string]string
	// FieldError, when set, is returned by request_get_field/request_set_field.
	FieldError error
	// Cache holds cache entries; TTLs records the ttl of each cache_set.
	Cache map[string][]byte
	// TTLs is the ttl given to cache_set, by key.
	TTLs map[string]int32
	// CacheSetStatus, when non-zero, is cache_set's answer.
	CacheSetStatus int32
	// Static holds static files.
	Static map[string][]byte
	// Fetch answers fetch_url; the status -2 is given by returning ErrMalformed.
	Fetch func(method int32, url string, body []byte) ([]byte, error)
	// GraphQL answers graphql_query.
	GraphQL func(endpoint, query string) ([]byte, error)
	// DB answers db_exec with the variables pushed since the last db_exec.
	DB func(queryType int32, name string, vars []ffi.Var) ([]byte, error)

	// Output is what return_result delivered (nil if it was not called).
	Output []byte
	// Returned counts return_result, return_error and return_abort calls.
	Returned int
	// ErrCode and ErrMessage are what return_error (or return_abort, code -1) delivered.
	ErrCode int32
	// ErrMessage is the error's message.
	ErrMessage string
	// AbortFile and AbortLine are return_abort's location.
	AbortFile string
	// AbortLine is return_abort's line.
	AbortLine int32
	// Logs are the log_msg calls.
	Logs []Log
	// RespHeaders are the resp_set_header calls.
	RespHeaders map[string]string
	// Calls lists every host call in order.
	Calls []Call

	pending *[]byte
	vars    []ffi.Var
}

// ErrMalformed makes Fetch answer -2 (invalid method or malformed header), with no FFI result.
var ErrMalformed = errors.New("malformed")

// Install makes f the host of the SDK and starts the invocation Ident, until the test ends.
func Install(t testing.TB, f *Fake) *Fake {
	t.Helper()
	previous := host.Impl
	host.Impl = f
	ffi.Begin(Ident)
	t.Cleanup(func() {
		ffi.End()
		host.Impl = previous
	})
	return f
}

// Pending reports whether an FFI result is waiting to be fetched.
func (f *Fake) Pending() bool { return f.pending != nil }

func (f *Fake) record(name string, args ...string) { f.Calls = append(f.Calls, Call{name, args}) }

// answer leaves data (err == nil) or err's text pending and returns the FFI size.
func (f *Fake) answer(data []byte, err error) int32 {
	if f.pending != nil {
		return -1
	}
	if err != nil {
		text := []byte(err.Error())
		f.pending = &text
		return -int32(len(text))
	}
	f.pending = &data
	return int32(len(data))
}

// ReturnResult implements host.Host.
func (f *Fake) ReturnResult(data []byte, ident int32) {
	f.record("return_result", string(data))
	if ident != Ident {
		return
	}
	f.Returned++
	f.Output = append([]byte{}, data...)
}

// ReturnError implements host.Host.
func (f *Fake) ReturnError(code int32, message string, ident int32) {
	f.record("return_error", message)
	if ident != Ident {
		return
	}
	f.Returned++
	f.ErrCode, f.ErrMessage = code, message
}

// ReturnAbort implements host.Host.
func (f *Fake) ReturnAbort(message, file string, line, column int32, ident int32) {
	f.record("return_abort", message, file)
	if ident != Ident {
		return
	}
	f.Returned++
	f.ErrCode, f.ErrMessage, f.AbortFile, f.AbortLine = -1, message, file, line
}

// GetFFIResult implements host.Host.
func (f *Fake) GetFFIResult(buf []byte, ident int32) int32 {
	f.record("get_ffi_result")
	if ident != Ident || f.pending == nil {
		return -1
	}
	copy(buf, *f.pending)
	f.pending = nil
	return 0
}

// AddFFIVar implements host.Host.
func (f *Fake) AddFFIVar(name, value string, ident int32) int32 {
	f.record("add_ffi_var", name, value)
	if ident != Ident {
		return -1
	}
	f.vars = append(f.vars, ffi.Var{Name: name, Value: value})
	return 0
}

// LogMsg implements host.Host.
func (f *Fake) LogMsg(message string, level int32, ident int32) {
	f.record("log_msg", message)
	if ident == Ident {
		f.Logs = append(f.Logs, Log{level, message})
	}
}

// FetchURL implements host.Host.
func (f *Fake) FetchURL(method int32, url string, body []byte, ident int32) int32 {
	f.record("fetch_url", url, string(body))
	if ident != Ident {
		return -1
	}
	if f.Fetch == nil {
		return f.answer(nil, errors.New("capability is not enabled"))
	}
	data, err := f.Fetch(method, url, body)
	if errors.Is(err, ErrMalformed) {
		return -2
	}
	return f.answer(data, err)
}

// GraphQLQuery implements host.Host.
func (f *Fake) GraphQLQuery(endpoint, query string, ident int32) int32 {
	f.record("graphql_query", endpoint, query)
	if ident != Ident {
		return -1
	}
	if f.GraphQL == nil {
		return f.answer(nil, errors.New("capability is not enabled"))
	}
	return f.answer(f.GraphQL(endpoint, query))
}

// CacheSet implements host.Host.
func (f *Fake) CacheSet(key string, value []byte, ttl int32, ident int32) int32 {
	f.record("cache_set", key, string(value))
	if ident != Ident {
		return -1
	}
	if f.CacheSetStatus != 0 {
		return f.CacheSetStatus
	}
	if f.Cache == nil {
		f.Cache = map[string][]byte{}
		f.TTLs = map[string]int32{}
	}
	f.Cache[key] = append([]byte{}, value...)
	f.TTLs[key] = ttl
	return 0
}

// CacheGet implements host.Host.
func (f *Fake) CacheGet(key string, ident int32) int32 {
	f.record("cache_get", key)
	if ident != Ident {
		return -1
	}
	value, ok := f.Cache[key]
	if !ok {
		return f.answer(nil, errors.New("key not found"))
	}
	return f.answer(value, nil)
}

// RequestGetField implements host.Host.
func (f *Fake) RequestGetField(fieldType int32, key string, ident int32) int32 {
	f.record("request_get_field", key)
	if ident != Ident {
		return -1
	}
	if f.FieldError != nil {
		return f.answer(nil, f.FieldError)
	}
	return f.answer([]byte(f.Fields[fieldType][key]), nil)
}

// RequestSetField implements host.Host.
func (f *Fake) RequestSetField(fieldType int32, key, value string, ident int32) int32 {
	f.record("request_set_field", key, value)
	if ident != Ident {
		return -1
	}
	if f.FieldError != nil {
		return f.answer(nil, f.FieldError)
	}
	if f.Fields == nil {
		f.Fields = map[int32]map[string]string{}
	}
	if f.Fields[fieldType] == nil {
		f.Fields[fieldType] = map[string]string{}
	}
	f.Fields[fieldType][key] = value
	return f.answer(nil, nil)
}

// RespSetHeader implements host.Host.
func (f *Fake) RespSetHeader(key, value string, ident int32) {
	f.record("resp_set_header", key, value)
	if ident != Ident {
		return
	}
	if f.RespHeaders == nil {
		f.RespHeaders = map[string]string{}
	}
	f.RespHeaders[key] = value
}

// GetStaticFile implements host.Host.
func (f *Fake) GetStaticFile(name string, ident int32) int32 {
	f.record("get_static_file", name)
	if ident != Ident {
		return -1
	}
	data, ok := f.Static[name]
	if !ok {
		return f.answer(nil, errors.New("file does not exist"))
	}
	return f.answer(data, nil)
}

// DBExec implements host.Host.
func (f *Fake) DBExec(queryType int32, name string, ident int32) int32 {
	f.record("db_exec", name)
	if ident != Ident {
		return -1
	}
	vars := f.vars
	f.vars = nil
	if f.DB == nil {
		return f.answer(nil, errors.New("capability is not enabled"))
	}
	return f.answer(f.DB(queryType, name, vars))
}
