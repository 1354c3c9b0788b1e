package stratos

import (
	"runtime"
	"strconv"
	"strings"
)

// panicInfo describes a panic recovered from a Runnable: its message and where it happened.
type panicInfo struct {
	message string
	file    string
	line    int
}

// runGuarded calls r.Run(input), turning a panic into a panicInfo so the instance survives it
// and the host gets a located message (return_abort) instead of a trap.
func runGuarded(r Runnable, input []byte) (output []byte, err error, p *panicInfo) {
	defer func() {
		if v := recover(); v != nil {
			file, line := panicSite()
			p = &panicInfo{message: "panic: " + describe(v), file: file, line: line}
		}
	}()
	output, err = r.Run(input)
	return output, err, nil
}

// panicSite is the file and line of the frame that panicked: the first frame outside package
// runtime below runtime.gopanic. Call it from the deferred function that recovers.
func panicSite() (string, int) {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	panicking := false
	for {
		frame, more := frames.Next()
		if frame.Function == "runtime.gopanic" {
			panicking = true
		} else if panicking && !strings.HasPrefix(frame.Function, "runtime.") {
			return frame.File, frame.Line
		}
		if !more {
			return "", 0
		}
	}
}

// describe renders a panic value like the Go runtime prints it, for the common kinds.
func describe(v any) string {
	switch v := v.(type) {
	case error:
		return v.Error()
	case interface{ String() string }:
		return v.String()
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case int64:
		return strconv.FormatInt(v, 10)
	case uint:
		return strconv.FormatUint(uint64(v), 10)
	case uint32:
		return strconv.FormatUint(uint64(v), 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case bool:
		return strconv.FormatBool(v)
	default:
		return "(unprintable panic value)"
	}
}
