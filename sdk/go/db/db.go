// Package db runs the named queries of the Directive (queries: or Queries.yaml) on its
// connections.database (the ABI's add_ffi_var and db_exec).
//
// Results are JSON: a select gives an array of row objects, an insert
// {"lastInsertID":N,"rowsAffected":0}, an update or a delete {"lastInsertID":0,"rowsAffected":N}.
package db

import (
	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/host"
)

// QueryType is the type of a named query, with the host's wire values.
type QueryType int32

// The query types of the ABI; a query run with the wrong type fails with "query type
// incorrect".
const (
	QueryInsert QueryType = 0
	QuerySelect QueryType = 1
	QueryUpdate QueryType = 2
	QueryDelete QueryType = 3
)

// QueryArg is one argument of a named query. Arguments are bound by position, in the order
// given; the name only documents them.
type QueryArg struct {
	// Name documents the argument.
	Name string
	// Value is bound to the query's next placeholder.
	Value string
}

// Arg returns the QueryArg {name, value}.
func Arg(name, value string) QueryArg { return QueryArg{Name: name, Value: value} }

// Exec runs the query called name as queryType with args.
func Exec(queryType QueryType, name string, args ...QueryArg) ([]byte, error) {
	vars := make([]ffi.Var, len(args))
	for i, arg := range args {
		vars[i] = ffi.Var(arg)
	}
	return ffi.CallWithVars(vars, func(ident int32) int32 {
		return host.DBExec(int32(queryType), name, ident)
	})
}

// Insert runs a named insert query.
func Insert(name string, args ...QueryArg) ([]byte, error) {
	return Exec(QueryInsert, name, args...)
}

// Select runs a named select query.
func Select(name string, args ...QueryArg) ([]byte, error) {
	return Exec(QuerySelect, name, args...)
}

// Update runs a named update query.
func Update(name string, args ...QueryArg) ([]byte, error) {
	return Exec(QueryUpdate, name, args...)
}

// Delete runs a named delete query.
func Delete(name string, args ...QueryArg) ([]byte, error) {
	return Exec(QueryDelete, name, args...)
}
