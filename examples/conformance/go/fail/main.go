// Command fail is a Runnable that fails on purpose with the code in URL param "code" (1 to 9
// digits) and the message "failed with code N", logged as an error; any other "code" is error 400.
package main

import (
	"strconv"

	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/log"
	"github.com/stratos-run/stratos/sdk/go/request"
)

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run([]byte) ([]byte, error) {
	param, err := request.URLParam("code")
	if err != nil {
		return nil, err
	}
	if !isNumber(param) {
		return nil, stratos.NewError(400, "code "+param+" is not a number")
	}
	code, _ := strconv.Atoi(param)
	message := "failed with code " + strconv.Itoa(code)
	log.Error(message)
	return nil, stratos.NewError(code, message)
}

// isNumber reports whether text is 1 to 9 ASCII digits.
func isNumber(text string) bool {
	if text == "" || len(text) > 9 {
		return false
	}
	for _, c := range []byte(text) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// main is required by package main; a reactor's main never runs.
func main() {}
