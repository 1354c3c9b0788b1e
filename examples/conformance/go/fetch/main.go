// Command fetch is a Runnable that GETs the URL in query param "url" with the header
// "X-Conformance-Client: fetch" and answers the response body; a failed call is error 502 with
// the host's message.
package main

import (
	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/http"
	"github.com/stratos-run/stratos/sdk/go/request"
)

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run([]byte) ([]byte, error) {
	url, err := request.QueryParam("url")
	if err != nil {
		return nil, err
	}
	body, err := http.GET(url, map[string]string{"X-Conformance-Client": "fetch"})
	if err != nil {
		return nil, stratos.NewError(502, err.Error())
	}
	return body, nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
