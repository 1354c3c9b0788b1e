//go:build !wasip1

package graphql_test

import (
	"testing"

	"github.com/stratos-run/stratos/sdk/go/graphql"
	"github.com/stratos-run/stratos/sdk/go/internal/hosttest"
)

func TestQuery(t *testing.T) {
	hosttest.Install(t, &hosttest.Fake{GraphQL: func(endpoint, query string) ([]byte, error) {
		return []byte(endpoint + " " + query), nil
	}})
	if data, err := graphql.Query("http://g/q", "{ a }"); err != nil || string(data) != "http://g/q { a }" {
		t.Fatalf("got %q, %v", data, err)
	}
}
