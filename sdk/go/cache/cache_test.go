//go:build !wasip1

package cache_test

import (
	"testing"

	"github.com/stratos-run/stratos/sdk/go/cache"
	"github.com/stratos-run/stratos/sdk/go/internal/hosttest"
)

func TestSetThenGet(t *testing.T) {
	fake := hosttest.Install(t, &hosttest.Fake{})
	if err := cache.Set("k", []byte("v"), 60); err != nil {
		t.Fatal(err)
	}
	if fake.TTLs["k"] != 60 {
		t.Fatalf("ttl %d", fake.TTLs["k"])
	}
	for ttl, want := range map[int]int32{0: 0, -5: 0, 1 << 40: 1<<31 - 1} {
		if err := cache.Set("t", nil, ttl); err != nil || fake.TTLs["t"] != want {
			t.Errorf("ttl %d was sent as %d, want %d", ttl, fake.TTLs["t"], want)
		}
	}
	if v, err := cache.Get("k"); err != nil || string(v) != "v" {
		t.Fatalf("got %q, %v", v, err)
	}
	if _, err := cache.Get("other"); err == nil || err.Error() != "key not found" {
		t.Fatalf("got %v", err)
	}
	if fake.Pending() {
		t.Fatal("cache_set has no FFI result; nothing may be left pending")
	}
}

func TestSetStatuses(t *testing.T) {
	fake := hosttest.Install(t, &hosttest.Fake{CacheSetStatus: -2})
	if err := cache.Set("k", nil, 0); err == nil || err.Error() != "cache set failed" {
		t.Fatalf("got %v", err)
	}
	fake.CacheSetStatus = -1
	if err := cache.Set("k", nil, 0); err == nil || err.Error() != "unknown error returned from host" {
		t.Fatalf("got %v", err)
	}
}
