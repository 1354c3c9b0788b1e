// Package response sets headers of the HTTP response (the ABI's resp_set_header), which the
// runtime applies when the handler succeeds.
package response

import (
	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/host"
)

// SetHeader sets a header of the HTTP response.
func SetHeader(key, value string) { host.RespSetHeader(key, value, ffi.Ident()) }

// ContentType sets the Content-Type of the HTTP response.
func ContentType(contentType string) { SetHeader("Content-Type", contentType) }
