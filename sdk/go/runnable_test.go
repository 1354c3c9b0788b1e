//go:build !wasip1

package stratos

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/hosttest"
)

// invokeWith registers r, runs one invocation with input on a fake host and returns the host.
func invokeWith(t *testing.T, r Runnable, input string) *hosttest.Fake {
	t.Helper()
	fake := hosttest.Install(t, &hosttest.Fake{})
	previous := registered
	t.Cleanup(func() { registered = previous })
	registered = r
	invoke([]byte(input), hosttest.Ident)
	if fake.Returned != 1 {
		t.Fatalf("the invocation delivered %d results, want exactly 1", fake.Returned)
	}
	return fake
}

func TestInvokeDeliversTheOutput(t *testing.T) {
	fake := invokeWith(t, RunnableFunc(func(in []byte) ([]byte, error) {
		return append([]byte("hello "), in...), nil
	}), "world")
	if string(fake.Output) != "hello world" || fake.ErrCode != 0 {
		t.Fatalf("output %q, error %d", fake.Output, fake.ErrCode)
	}
}

func TestInvokeDeliversAnEmptyOutputForNil(t *testing.T) {
	fake := invokeWith(t, RunnableFunc(func([]byte) ([]byte, error) { return nil, nil }), "")
	if fake.Output == nil || len(fake.Output) != 0 {
		t.Fatalf("output %v, want an empty result", fake.Output)
	}
}

func TestErrorsKeepTheirCodeAndText(t *testing.T) {
	cases := []struct {
		err     error
		code    int32
		message string
	}{
		{NewError(404, "no such planet"), 404, "no such planet"},
		{fmt.Errorf("finding pluto: %w", NewError(404, "no such planet")), 404, "finding pluto: no such planet"},
		{errors.New("plain"), 500, "plain"},
		{ffi.NewHostError("key not found"), 500, "key not found"},
		{NewError(-7, "odd code"), -7, "odd code"},
	}
	for _, c := range cases {
		fake := invokeWith(t, RunnableFunc(func([]byte) ([]byte, error) { return []byte("ignored"), c.err }), "")
		if fake.ErrCode != c.code || fake.ErrMessage != c.message || fake.Output != nil {
			t.Errorf("%v: got %d %q (output %q), want %d %q", c.err, fake.ErrCode, fake.ErrMessage, fake.Output, c.code, c.message)
		}
	}
}

func TestAPanicIsAnAbortWithItsLocation(t *testing.T) {
	fake := invokeWith(t, RunnableFunc(func(in []byte) ([]byte, error) {
		var m map[string]int
		m[string(in)] = 1 // panics: assignment to entry in nil map
		return nil, nil
	}), "x")
	if fake.ErrCode != -1 || fake.ErrMessage != "panic: assignment to entry in nil map" {
		t.Fatalf("got %d %q", fake.ErrCode, fake.ErrMessage)
	}
	if filepath.Base(fake.AbortFile) != "runnable_test.go" || fake.AbortLine == 0 {
		t.Fatalf("location %s:%d, want this file", fake.AbortFile, fake.AbortLine)
	}
}

func TestPanicValuesAreDescribed(t *testing.T) {
	for value, want := range map[any]string{
		"boom": "boom", 42: "42", int64(-3): "-3", uint32(7): "7", true: "true",
		errors.New("bad"): "bad", 1.5: "(unprintable panic value)",
	} {
		if got := describe(value); got != want {
			t.Errorf("describe(%v) = %q, want %q", value, got, want)
		}
	}
}

func TestWithoutUseTheInvocationFails(t *testing.T) {
	fake := invokeWith(t, nil, "")
	if fake.ErrCode != 500 || fake.ErrMessage != noRunnable {
		t.Fatalf("got %d %q", fake.ErrCode, fake.ErrMessage)
	}
}

func TestTheIdentIsOnlySetDuringAnInvocation(t *testing.T) {
	var during int32
	invokeWith(t, RunnableFunc(func([]byte) ([]byte, error) {
		during = ffi.Ident()
		return nil, nil
	}), "")
	if during != hosttest.Ident || ffi.Ident() != ffi.NoInvocation {
		t.Fatalf("ident during %d, after %d", during, ffi.Ident())
	}
}

func TestAllocatedBuffersAreKeptUntilFreed(t *testing.T) {
	a, b, empty := alloc(5), alloc(5), alloc(0)
	if a == 0 || b == 0 || empty == 0 || a == b || a == empty {
		t.Fatalf("addresses %x %x %x must be distinct and non-zero", a, b, empty)
	}
	if alloc(-1) != 0 {
		t.Fatal("a negative size must give 0")
	}
	live[a][0] = 'h'
	input, ok := inputAt(a, 5)
	if !ok || len(input) != 5 || cap(input) != 5 || input[0] != 'h' {
		t.Fatalf("inputAt = %q, %v", input, ok)
	}
	if _, ok := inputAt(a, 6); ok {
		t.Fatal("a size beyond the buffer must be refused")
	}
	if input, ok := inputAt(empty, 0); !ok || len(input) != 0 {
		t.Fatal("an empty input must be accepted")
	}
	free(a)
	if _, ok := inputAt(a, 5); ok {
		t.Fatal("a freed buffer must be forgotten")
	}
	free(b)
	free(empty)
}
