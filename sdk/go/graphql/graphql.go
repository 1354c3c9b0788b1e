// Package graphql runs GraphQL queries (the ABI's graphql_query) under the Directive's
// capabilities.graphql rules.
package graphql

import (
	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/host"
)

// Query POSTs {"query": query} to endpoint and returns the response JSON ({"data": ...}). An
// HTTP status above 299 and a non-empty "errors" list are errors with the host's text.
func Query(endpoint, query string) ([]byte, error) {
	return ffi.Call(func(ident int32) int32 { return host.GraphQLQuery(endpoint, query, ident) })
}
