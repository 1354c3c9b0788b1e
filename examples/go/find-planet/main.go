// Command find-planet is a Runnable that looks up the URL parameter "name":
// {"name":"mars","moons":2}, or the error 404 for an unknown planet.
package main

import (
	"strings"

	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/jsonobj"
	"github.com/stratos-run/stratos/sdk/go/request"
	"github.com/stratos-run/stratos/sdk/go/response"
)

// moons counts the known moons of each planet.
var moons = map[string]int{
	"mercury": 0, "venus": 0, "earth": 1, "mars": 2,
	"jupiter": 95, "saturn": 146, "uranus": 28, "neptune": 16,
}

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run([]byte) ([]byte, error) {
	name, err := request.URLParam("name")
	if err != nil {
		return nil, err
	}
	name = strings.ToLower(name)
	count, ok := moons[name]
	if !ok {
		return nil, stratos.NewError(404, "no planet named "+name)
	}
	response.ContentType("application/json")
	return jsonobj.New().Set("name", name).SetInt("moons", count).Bytes(), nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
