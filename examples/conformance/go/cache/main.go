// Command cache is a Runnable for the cache: POST stores the input under URL param "key" for
// 60 s and answers "stored N bytes under KEY"; GET answers the stored value, or error 404 with
// the host's message.
package main

import (
	"strconv"

	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/cache"
	"github.com/stratos-run/stratos/sdk/go/request"
)

// ttl is how many seconds a stored value lives.
const ttl = 60

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run(input []byte) ([]byte, error) {
	key, err := request.URLParam("key")
	if err != nil {
		return nil, err
	}
	if request.Method() != "POST" {
		value, err := cache.Get(key)
		if err != nil {
			return nil, stratos.NewError(404, err.Error())
		}
		return value, nil
	}
	if err := cache.Set(key, input, ttl); err != nil {
		return nil, stratos.NewError(500, err.Error())
	}
	return []byte("stored " + strconv.Itoa(len(input)) + " bytes under " + key), nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
