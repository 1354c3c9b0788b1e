// Package cache reads and writes the app's cache (the ABI's cache_get and cache_set): in
// memory by default, Redis when the Directive has connections.redis.
package cache

import (
	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/host"
)

// Get reads key. A missing or expired key is an error with the backend's text ("key not found"
// in memory, "failed to client.Get: redis: nil" with Redis).
func Get(key string) ([]byte, error) {
	return ffi.Call(func(ident int32) int32 { return host.CacheGet(key, ident) })
}

// Set stores value under key for ttl seconds; 0 (or less) never expires. (The ttl is a plain
// number of seconds, as in every Runnable SDK, because package time adds about 200 KB to a
// module.)
func Set(key string, value []byte, ttl int) error {
	switch host.CacheSet(key, value, ttlArg(ttl), ffi.Ident()) {
	case 0:
		return nil
	case -2:
		return ffi.NewHostError("cache set failed")
	default:
		return ffi.NewHostError(ffi.UnknownHostError)
	}
}

// ttlArg is the ABI's ttl argument: 0 for no expiry, at most the largest int32.
func ttlArg(ttl int) int32 {
	return int32(min(max(ttl, 0), 1<<31-1))
}
