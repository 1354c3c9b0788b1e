// Command get-file is a Runnable that serves static/<file> for the route /file/*file, with a
// Content-Type from the file's extension.
package main

import (
	"path"

	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/file"
	"github.com/stratos-run/stratos/sdk/go/log"
	"github.com/stratos-run/stratos/sdk/go/request"
	"github.com/stratos-run/stratos/sdk/go/response"
)

// contentTypes maps file extensions to their Content-Type.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".json": "application/json",
	".css":  "text/css",
	".svg":  "image/svg+xml",
}

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run([]byte) ([]byte, error) {
	name, err := request.URLParam("file")
	if err != nil {
		return nil, err
	}
	content, err := file.GetStatic(name)
	if err != nil {
		log.Warn("static file " + name + ": " + err.Error())
		return nil, stratos.NewError(404, err.Error())
	}
	if contentType, ok := contentTypes[path.Ext(name)]; ok {
		response.ContentType(contentType)
	}
	return content, nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
