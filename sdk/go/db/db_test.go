//go:build !wasip1

package db_test

import (
	"testing"

	"github.com/stratos-run/stratos/sdk/go/db"
	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/hosttest"
)

func TestEachQueryTypeSendsItsWireValueAndArguments(t *testing.T) {
	type seen struct {
		queryType int32
		name      string
		vars      []ffi.Var
	}
	var got seen
	hosttest.Install(t, &hosttest.Fake{DB: func(queryType int32, name string, vars []ffi.Var) ([]byte, error) {
		got = seen{queryType, name, vars}
		return []byte("ok"), nil
	}})
	calls := []func(string, ...db.QueryArg) ([]byte, error){db.Insert, db.Select, db.Update, db.Delete}
	for want, call := range calls {
		out, err := call("q", db.Arg("a", "1"), db.Arg("b", "2"))
		if err != nil || string(out) != "ok" {
			t.Fatalf("got %q, %v", out, err)
		}
		if got.queryType != int32(want) || got.name != "q" || len(got.vars) != 2 ||
			got.vars[0] != (ffi.Var{Name: "a", Value: "1"}) || got.vars[1].Value != "2" {
			t.Fatalf("type %d: host saw %+v", want, got)
		}
	}
	if _, err := db.Select("none"); err != nil || len(got.vars) != 0 {
		t.Fatalf("no arguments: %v %+v", err, got)
	}
}

func TestHostErrorsKeepTheirText(t *testing.T) {
	hosttest.Install(t, &hosttest.Fake{})
	if _, err := db.Select("q"); err == nil || err.Error() != "capability is not enabled" {
		t.Fatalf("got %v", err)
	}
}
