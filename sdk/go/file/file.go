// Package file reads the app's static files (the ABI's get_static_file): the static/ folder
// of the project or bundle.
package file

import (
	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/host"
)

// GetStatic reads static/<name>; a leading "static/", "/" or "./" is ignored. A missing file is
// an error ("file does not exist").
func GetStatic(name string) ([]byte, error) {
	return ffi.Call(func(ident int32) int32 { return host.GetStaticFile(name, ident) })
}
