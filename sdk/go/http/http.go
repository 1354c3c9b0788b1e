// Package http sends outbound HTTP requests through the host (the ABI's fetch_url) under the
// Directive's capabilities.http rules.
//
// Request headers travel inside the URL string as url::Name:value::Name2:value2, so neither
// names nor values may contain ':' (and the URL itself may not contain "::" outside the brackets
// of an IPv6 host). Only the response body comes back: a status above 299 is a *StatusError.
package http

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/host"
)

// Method is an HTTP method, with the host's wire values.
type Method int32

// The methods fetch_url knows.
const (
	MethodGet     Method = 0
	MethodHead    Method = 1
	MethodOptions Method = 2
	MethodPost    Method = 3
	MethodPut     Method = 4
	MethodPatch   Method = 5
	MethodDelete  Method = 6
)

// Malformed is the text of the error of a request the host refused to decode (fetch_url
// answered -2): an unknown method or a header segment that is not exactly Name:value.
const Malformed = "invalid HTTP method or malformed header"

// StatusError is the error of a request answered with a status above 299. Its text is the
// host's: "<status>: <body>".
type StatusError struct {
	// StatusCode is the response's status.
	StatusCode int
	// Body is the response body.
	Body string
	host *ffi.HostError
}

// Error returns the host's text, "<status>: <body>".
func (e *StatusError) Error() string { return e.host.Message }

// Unwrap returns the underlying *stratos.HostError.
func (e *StatusError) Unwrap() error { return e.host }

// RenderURL is the URL string fetch_url receives: url followed by ::Name:value for each header,
// in the order of the names, so the same request always renders the same way.
func RenderURL(url string, headers map[string]string) string {
	if len(headers) == 0 {
		return url
	}
	names := make([]string, 0, len(headers))
	for name := range headers {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(url)
	for _, name := range names {
		b.WriteString("::")
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(headers[name])
	}
	return b.String()
}

// checkHeaders reports a header the URL encoding cannot carry.
func checkHeaders(headers map[string]string) error {
	for name, value := range headers {
		if name == "" || strings.Contains(name, ":") || strings.Contains(value, ":") {
			return ffi.NewHostError(Malformed + ": header " + strconv.Quote(name) +
				" (names and values cannot contain ':')")
		}
	}
	return nil
}

// Do sends a request and returns the response body. Errors: *StatusError for a status above
// 299; a *stratos.HostError with the host's text for anything else (a capability rule, a
// network failure, and Malformed for headers the ABI cannot carry).
func Do(method Method, url string, body []byte, headers map[string]string) ([]byte, error) {
	if err := checkHeaders(headers); err != nil {
		return nil, err
	}
	rendered := RenderURL(url, headers)
	status := int32(0)
	data, err := ffi.Call(func(ident int32) int32 {
		status = host.FetchURL(int32(method), rendered, body, ident)
		return status
	})
	if err == nil {
		return data, nil
	}
	var hostErr *ffi.HostError
	if !errors.As(err, &hostErr) {
		return nil, err
	}
	if status == -2 && hostErr.Message == ffi.UnknownHostError {
		return nil, ffi.NewHostError(Malformed)
	}
	if code, body, ok := parseStatus(hostErr.Message); ok {
		return nil, &StatusError{StatusCode: code, Body: body, host: hostErr}
	}
	return nil, err
}

// parseStatus splits the host's "<status>: <body>" error text.
func parseStatus(text string) (int, string, bool) {
	if len(text) < 5 || text[3] != ':' || text[4] != ' ' {
		return 0, "", false
	}
	code, err := strconv.Atoi(text[:3])
	if err != nil || code < 300 || code > 999 {
		return 0, "", false
	}
	return code, text[5:], true
}

// GET sends a GET request.
func GET(url string, headers map[string]string) ([]byte, error) {
	return Do(MethodGet, url, nil, headers)
}

// HEAD sends a HEAD request (the body is empty).
func HEAD(url string, headers map[string]string) ([]byte, error) {
	return Do(MethodHead, url, nil, headers)
}

// OPTIONS sends an OPTIONS request.
func OPTIONS(url string, headers map[string]string) ([]byte, error) {
	return Do(MethodOptions, url, nil, headers)
}

// POST sends body with a POST request (Content-Type defaults to application/octet-stream when
// the body is not empty).
func POST(url string, body []byte, headers map[string]string) ([]byte, error) {
	return Do(MethodPost, url, body, headers)
}

// PUT sends body with a PUT request.
func PUT(url string, body []byte, headers map[string]string) ([]byte, error) {
	return Do(MethodPut, url, body, headers)
}

// PATCH sends body with a PATCH request.
func PATCH(url string, body []byte, headers map[string]string) ([]byte, error) {
	return Do(MethodPatch, url, body, headers)
}

// DELETE sends a DELETE request.
func DELETE(url string, headers map[string]string) ([]byte, error) {
	return Do(MethodDelete, url, nil, headers)
}
