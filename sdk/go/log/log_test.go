//go:build !wasip1

package log_test

import (
	"testing"

	"github.com/stratos-run/stratos/sdk/go/internal/hosttest"
	"github.com/stratos-run/stratos/sdk/go/log"
)

func TestLevelsHaveTheirWireValues(t *testing.T) {
	fake := hosttest.Install(t, &hosttest.Fake{})
	log.Error("e")
	log.Warn("w")
	log.Info("i")
	log.Debug("d")
	want := []hosttest.Log{{Level: 1, Message: "e"}, {Level: 2, Message: "w"}, {Level: 3, Message: "i"}, {Level: 4, Message: "d"}}
	if len(fake.Logs) != len(want) {
		t.Fatalf("logs %v", fake.Logs)
	}
	for i := range want {
		if fake.Logs[i] != want[i] {
			t.Fatalf("logs %v, want %v", fake.Logs, want)
		}
	}
}
