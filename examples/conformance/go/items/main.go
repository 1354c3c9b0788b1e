// Command items is a Runnable for the database: POST inserts body field "title" (query
// "add_item"), any other method lists the items ("list_items"); it answers the host's JSON, or
// error 500 with the host's message.
package main

import (
	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/db"
	"github.com/stratos-run/stratos/sdk/go/request"
	"github.com/stratos-run/stratos/sdk/go/response"
)

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run([]byte) ([]byte, error) {
	var result []byte
	var err error
	if request.Method() == "POST" {
		title, _ := request.BodyField("title")
		result, err = db.Insert("add_item", db.Arg("title", title))
	} else {
		result, err = db.Select("list_items")
	}
	if err != nil {
		return nil, stratos.NewError(500, err.Error())
	}
	response.ContentType("application/json")
	return result, nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
