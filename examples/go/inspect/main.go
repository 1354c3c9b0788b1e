// Command inspect is a Runnable that reports what it can read about the request (method, URL,
// URL parameter "name", query parameter "lang", header X-Greeting, JSON body field "message",
// state "note") as JSON, sets the response header X-Inspected-By and logs one line.
package main

import (
	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/jsonobj"
	"github.com/stratos-run/stratos/sdk/go/log"
	"github.com/stratos-run/stratos/sdk/go/request"
	"github.com/stratos-run/stratos/sdk/go/response"
)

func init() { stratos.Use(stratos.RunnableFunc(run)) }

// fields are the keyed request fields reported, in order.
var fields = []struct {
	name string
	read func(key string) (string, error)
	key  string
}{
	{"name", request.URLParam, "name"},
	{"lang", request.QueryParam, "lang"},
	{"greeting", request.Header, "X-Greeting"},
	{"message", request.BodyField, "message"},
	{"note", request.State, "note"},
}

func run([]byte) ([]byte, error) {
	method, url := request.Method(), request.URL()
	report := jsonobj.New().Set("method", method).Set("url", url)
	for _, field := range fields {
		value, err := field.read(field.key)
		if err != nil {
			// e.g. "request body value message is not a string"
			return nil, stratos.NewError(400, err.Error())
		}
		report.Set(field.name, value)
	}
	response.SetHeader("X-Inspected-By", "inspect")
	response.ContentType("application/json")
	log.Info("inspected " + method + " " + url)
	return report.Bytes(), nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
