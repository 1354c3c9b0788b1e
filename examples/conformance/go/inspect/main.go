// Command inspect is a Runnable that answers every request field type as JSON, in this order:
// method, url, the id's length, the raw body, body field "message", header "X-Conformance", URL
// param "name", query param "lang", state "greeting". A field that cannot be read (a non-string
// body field) is "", as in the Rust crate. It sets the headers "X-Inspected-By: inspect" and
// "Content-Type: application/json".
package main

import (
	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/jsonobj"
	"github.com/stratos-run/stratos/sdk/go/request"
	"github.com/stratos-run/stratos/sdk/go/response"
)

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run([]byte) ([]byte, error) {
	report := jsonobj.New().
		Set("method", request.Method()).
		Set("url", request.URL()).
		SetInt("idLength", len(request.ID())).
		Set("body", request.BodyString()).
		Set("message", field(request.BodyField, "message")).
		Set("header", field(request.Header, "X-Conformance")).
		Set("name", field(request.URLParam, "name")).
		Set("lang", field(request.QueryParam, "lang")).
		Set("state", field(request.State, "greeting"))
	response.SetHeader("X-Inspected-By", "inspect")
	response.ContentType("application/json")
	return report.Bytes(), nil
}

// field reads one keyed request field; "" when the host cannot give it.
func field(read func(key string) (string, error), key string) string {
	value, err := read(key)
	if err != nil {
		return ""
	}
	return value
}

// main is required by package main; a reactor's main never runs.
func main() {}
