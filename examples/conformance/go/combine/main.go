// Command combine is a Runnable that answers the states "a" and "b" joined with " | ".
package main

import (
	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/request"
)

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run([]byte) ([]byte, error) {
	a, err := request.State("a")
	if err != nil {
		return nil, err
	}
	b, err := request.State("b")
	if err != nil {
		return nil, err
	}
	return []byte(a + " | " + b), nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
