// Command visit is a Runnable that welcomes the visitor to the planet in the state value
// "planet" (find-planet's JSON). When find-planet failed and the handler continued (onErr), the
// state holds no planet and the visitor stays home.
package main

import (
	"strings"

	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/request"
	"github.com/stratos-run/stratos/sdk/go/response"
)

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run([]byte) ([]byte, error) {
	// find-planet set application/json; this step's text answer overrides it.
	response.ContentType("text/plain; charset=utf-8")
	planet, err := request.State("planet")
	if err != nil {
		return nil, err
	}
	name, ok := between(planet, `{"name":"`, `"`)
	if !ok {
		param, err := request.URLParam("name")
		if err != nil {
			return nil, err
		}
		return []byte(param + " is not a planet, staying on earth"), nil
	}
	count, _ := between(planet, `"moons":`, "}")
	return []byte("welcome to " + name + ", it has " + count + " moon(s)"), nil
}

// between is the text of s after the first prefix, up to the next end.
func between(s, prefix, end string) (string, bool) {
	_, rest, ok := strings.Cut(s, prefix)
	if !ok {
		return "", false
	}
	value, _, ok := strings.Cut(rest, end)
	return value, ok
}

// main is required by package main; a reactor's main never runs.
func main() {}
