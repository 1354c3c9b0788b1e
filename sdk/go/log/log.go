// Package log writes log lines through the host's logger (the ABI's log_msg); Stratos writes
// them as JSON lines with the module and the request id.
//
// There are no Printf-style variants: package fmt adds about 370 KB to a module, so format with
// fmt.Sprintf (or strconv) only where a Runnable needs it.
package log

import (
	"github.com/stratos-run/stratos/sdk/go/internal/ffi"
	"github.com/stratos-run/stratos/sdk/go/internal/host"
)

// Level is a log level, with the host's wire values (any other value is logged as info).
type Level int32

// The log levels of the ABI.
const (
	LevelError Level = 1
	LevelWarn  Level = 2
	LevelInfo  Level = 3
	LevelDebug Level = 4
)

// Write logs message at level.
func Write(level Level, message string) { host.LogMsg(message, int32(level), ffi.Ident()) }

// Debug logs message at level debug.
func Debug(message string) { Write(LevelDebug, message) }

// Info logs message at level info.
func Info(message string) { Write(LevelInfo, message) }

// Warn logs message at level warn.
func Warn(message string) { Write(LevelWarn, message) }

// Error logs message at level error.
func Error(message string) { Write(LevelError, message) }
