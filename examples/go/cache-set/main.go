// Command cache-set is a Runnable that stores its input in the cache under the URL parameter
// "key" for ?ttl= seconds (default 300).
package main

import (
	"strconv"

	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/cache"
	"github.com/stratos-run/stratos/sdk/go/request"
)

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run(input []byte) ([]byte, error) {
	key, err := request.URLParam("key")
	if err != nil {
		return nil, err
	}
	ttl, err := ttlSeconds()
	if err != nil {
		return nil, err
	}
	if err := cache.Set(key, input, ttl); err != nil {
		return nil, err
	}
	return []byte("stored " + key + " for " + strconv.Itoa(ttl) + "s"), nil
}

// ttlSeconds is the query parameter "ttl", 300 when absent.
func ttlSeconds() (int, error) {
	param, err := request.QueryParam("ttl")
	if err != nil || param == "" {
		return 300, err
	}
	ttl, err := strconv.Atoi(param)
	if err != nil || ttl < 0 {
		return 0, stratos.NewError(400, "ttl must be a number of seconds, not "+strconv.Quote(param))
	}
	return ttl, nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
