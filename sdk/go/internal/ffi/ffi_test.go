//go:build !wasip1

package ffi_test

import (
	"errors"
	"testing"

	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/host"
	"github.com/stratos-run/stratos/sdk/go/internal/hosttest"
)

func TestResultsErrorsAndEmptyResultsAreAllFetched(t *testing.T) {
	fake := hosttest.Install(t, &hosttest.Fake{Cache: map[string][]byte{"k": []byte("value"), "e": {}}})
	get := func(key string) ([]byte, error) {
		return ffi.Call(func(ident int32) int32 { return host.CacheGet(key, ident) })
	}
	if data, err := get("k"); err != nil || string(data) != "value" {
		t.Fatalf("got %q, %v", data, err)
	}
	if data, err := get("e"); err != nil || len(data) != 0 {
		t.Fatalf("got %q, %v", data, err)
	}
	_, err := get("missing")
	var hostErr *ffi.HostError
	if !errors.As(err, &hostErr) || hostErr.Message != "key not found" {
		t.Fatalf("got %v", err)
	}
	if fake.Pending() {
		t.Fatal("a result was left pending")
	}
}

func TestNothingPendingIsAnUnknownError(t *testing.T) {
	hosttest.Install(t, &hosttest.Fake{})
	_, err := ffi.Call(func(int32) int32 { return -1 })
	if err == nil || err.Error() != ffi.UnknownHostError {
		t.Fatalf("got %v", err)
	}
}

func TestCallsOutsideAnInvocationAreRefused(t *testing.T) {
	hosttest.Install(t, &hosttest.Fake{Cache: map[string][]byte{"k": []byte("v")}})
	ffi.End()
	_, err := ffi.Call(func(ident int32) int32 { return host.CacheGet("k", ident) })
	if err == nil || err.Error() != ffi.UnknownHostError {
		t.Fatalf("got %v", err)
	}
}

func TestVariablesArePushedInOrderBeforeTheCall(t *testing.T) {
	var got []ffi.Var
	fake := hosttest.Install(t, &hosttest.Fake{DB: func(_ int32, _ string, vars []ffi.Var) ([]byte, error) {
		got = vars
		return []byte("[]"), nil
	}})
	vars := []ffi.Var{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}}
	data, err := ffi.CallWithVars(vars, func(ident int32) int32 { return host.DBExec(1, "q", ident) })
	if err != nil || string(data) != "[]" {
		t.Fatalf("got %q, %v", data, err)
	}
	if len(got) != 2 || got[0] != vars[0] || got[1] != vars[1] {
		t.Fatalf("vars %v", got)
	}
	names := []string{}
	for _, c := range fake.Calls {
		names = append(names, c.Name)
	}
	want := []string{"add_ffi_var", "add_ffi_var", "db_exec", "get_ffi_result"}
	if len(names) != len(want) {
		t.Fatalf("calls %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("calls %v, want %v", names, want)
		}
	}
}
