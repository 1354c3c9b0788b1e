// Command shout is a Runnable that answers the state "text" (or, when it is empty, its input)
// upper-cased, with "!" appended.
package main

import (
	"strings"

	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/request"
)

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run(input []byte) ([]byte, error) {
	text, err := request.State("text")
	if err != nil {
		return nil, err
	}
	if text == "" {
		text = string(input)
	}
	return []byte(strings.ToUpper(text) + "!"), nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
