// Command rewrite is a Runnable that changes the request for the following steps: it
// upper-cases the URL parameter "name" and the JSON body field "message", replaces the header
// X-Greeting and sets the state value "note".
package main

import (
	"strings"

	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/request"
)

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run([]byte) ([]byte, error) {
	if err := upperCase(request.URLParam, request.SetURLParam, "name"); err != nil {
		return nil, err
	}
	if err := upperCase(request.BodyField, request.SetBodyField, "message"); err != nil {
		return nil, err
	}
	if err := request.SetHeader("x-greeting", "rewritten"); err != nil {
		return nil, err
	}
	if err := request.SetState("note", "set by rewrite"); err != nil {
		return nil, err
	}
	return []byte("rewritten"), nil
}

// upperCase upper-cases one request field through its getter and setter.
func upperCase(get func(string) (string, error), set func(string, string) error, key string) error {
	value, err := get(key)
	if err != nil {
		return err
	}
	return set(key, strings.ToUpper(value))
}

// main is required by package main; a reactor's main never runs.
func main() {}
