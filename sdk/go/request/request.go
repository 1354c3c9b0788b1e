// Package request reads and changes the request being handled (the ABI's request_get_field and
// request_set_field): its method, URL, id, body, JSON body fields, headers, URL
// parameters, query parameters and the sequence's state.
//
// Changes made with the setters are seen by the later steps of the same handler.
package request

import (
	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/host"
)

// FieldType selects a group of request fields, with the host's wire values.
type FieldType int32

// The request field types of the ABI.
const (
	// FieldMeta: "method", "url", "id" and "body" (the raw body).
	FieldMeta FieldType = 0
	// FieldBody: a top-level string field of a JSON body.
	FieldBody FieldType = 1
	// FieldHeader: a request header (matched case-insensitively when read).
	FieldHeader FieldType = 2
	// FieldParams: a URL parameter of the route.
	FieldParams FieldType = 3
	// FieldState: a value of the handler's state.
	FieldState FieldType = 4
	// FieldQuery: a query parameter of the URL (read only).
	FieldQuery FieldType = 5
)

// Field reads one request field. A missing key is not an error: its value is empty.
func Field(fieldType FieldType, key string) ([]byte, error) {
	return ffi.Call(func(ident int32) int32 {
		return host.RequestGetField(int32(fieldType), key, ident)
	})
}

// SetField writes one request field.
func SetField(fieldType FieldType, key, value string) error {
	_, err := ffi.Call(func(ident int32) int32 {
		return host.RequestSetField(int32(fieldType), key, value, ident)
	})
	return err
}

// text reads a field as a string.
func text(fieldType FieldType, key string) (string, error) {
	value, err := Field(fieldType, key)
	return string(value), err
}

// meta reads a Meta field; these only fail when the request capability is disabled, in which
// case the value is empty.
func meta(key string) string {
	value, _ := text(FieldMeta, key)
	return value
}

// Method is the request's HTTP method ("SCHED" for schedules, "STREAM" for NATS and Kafka
// messages).
func Method() string { return meta("method") }

// SetMethod changes the method seen by later steps.
func SetMethod(method string) error { return SetField(FieldMeta, "method", method) }

// URL is the request URI: the path and the ?query.
func URL() string { return meta("url") }

// SetURL changes the URL seen by later steps (and so their query parameters).
func SetURL(url string) error { return SetField(FieldMeta, "url", url) }

// ID is the request's id (a UUID chosen by the runtime).
func ID() string { return meta("id") }

// Body is the raw request body (the input of the first step).
func Body() []byte {
	body, _ := Field(FieldMeta, "body")
	return body
}

// BodyString is the request body as a string.
func BodyString() string { return meta("body") }

// SetBody replaces the raw request body seen by later steps. (The Rust crate's set_body set a
// JSON body field named "body" instead; use SetBodyField("body", v) for that.)
func SetBody(body string) error { return SetField(FieldMeta, "body", body) }

// BodyField is a top-level field of a JSON request body: "" if the body is empty or has no such
// field, an error if the field is not a string.
func BodyField(key string) (string, error) { return text(FieldBody, key) }

// SetBodyField sets a top-level string field of a JSON body (nothing happens when the body is
// empty).
func SetBodyField(key, value string) error { return SetField(FieldBody, key, value) }

// Header is a request header ("" if absent; the name is matched case-insensitively).
func Header(key string) (string, error) { return text(FieldHeader, key) }

// SetHeader sets a request header for later steps.
func SetHeader(key, value string) error { return SetField(FieldHeader, key, value) }

// URLParam is a parameter of the route, e.g. "key" of /set/:key ("" if absent; a catch-all
// parameter keeps its leading "/").
func URLParam(key string) (string, error) { return text(FieldParams, key) }

// SetURLParam sets a URL parameter for later steps.
func SetURLParam(key, value string) error { return SetField(FieldParams, key, value) }

// State is a value of the handler's state as a string ("" if absent): the output of an
// earlier step stored with `as`, or the name given to it by this step's `with`.
func State(key string) (string, error) { return text(FieldState, key) }

// StateBytes is a value of the handler's state as bytes (empty if absent).
func StateBytes(key string) ([]byte, error) { return Field(FieldState, key) }

// SetState sets a state value for later steps.
func SetState(key, value string) error { return SetField(FieldState, key, value) }

// QueryParam is a query parameter of the URL ("" if absent). Query parameters cannot be set;
// change the URL instead.
func QueryParam(key string) (string, error) { return text(FieldQuery, key) }
