// Command cache-get is a Runnable that returns the cached value under the URL parameter "key",
// or the error 404 with the host's message.
package main

import (
	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/cache"
	"github.com/stratos-run/stratos/sdk/go/request"
)

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run([]byte) ([]byte, error) {
	key, err := request.URLParam("key")
	if err != nil {
		return nil, err
	}
	value, err := cache.Get(key)
	if err != nil {
		return nil, stratos.NewError(404, err.Error())
	}
	return value, nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
