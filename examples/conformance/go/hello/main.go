// Command hello is a Runnable that answers "hello " + its input (the request body).
package main

import stratos "github.com/stratos-run/stratos/sdk/go"

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run(input []byte) ([]byte, error) {
	return append([]byte("hello "), input...), nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
