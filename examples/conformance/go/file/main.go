// Command file is a Runnable that answers the static file named by URL param "file" (leading
// "/" removed), with a Content-Type for .txt and .json files; a missing file is error 404
// "no static file NAME".
package main

import (
	"strings"

	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/file"
	"github.com/stratos-run/stratos/sdk/go/request"
	"github.com/stratos-run/stratos/sdk/go/response"
)

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run([]byte) ([]byte, error) {
	param, err := request.URLParam("file")
	if err != nil {
		return nil, err
	}
	name := strings.TrimLeft(param, "/")
	content, err := file.GetStatic(name)
	if err != nil {
		return nil, stratos.NewError(404, "no static file "+name)
	}
	switch {
	case strings.HasSuffix(name, ".txt"):
		response.ContentType("text/plain; charset=utf-8")
	case strings.HasSuffix(name, ".json"):
		response.ContentType("application/json")
	}
	return content, nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
