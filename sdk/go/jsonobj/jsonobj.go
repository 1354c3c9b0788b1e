// Package jsonobj writes flat JSON objects without encoding/json, which adds about 1.1 MB to a
// Runnable module; use encoding/json when a Runnable needs more than this.
package jsonobj

import (
	"strconv"
	"unicode/utf8"
)

// Object is a JSON object being written, in the order its members are set. The zero value is
// an empty object.
type Object struct {
	buf []byte
}

// New returns an empty object.
func New() *Object { return &Object{} }

// Set adds the member key with the string value.
func (o *Object) Set(key, value string) *Object {
	return o.SetRaw(key, Quote(value))
}

// SetInt adds the member key with the number value.
func (o *Object) SetInt(key string, value int) *Object {
	return o.SetRaw(key, strconv.Itoa(value))
}

// SetRaw adds the member key with raw, which must already be JSON.
func (o *Object) SetRaw(key, raw string) *Object {
	if len(o.buf) == 0 {
		o.buf = append(o.buf, '{')
	} else {
		o.buf = append(o.buf, ',')
	}
	o.buf = appendQuoted(o.buf, key)
	o.buf = append(o.buf, ':')
	o.buf = append(o.buf, raw...)
	return o
}

// Bytes is the object's JSON text.
func (o *Object) Bytes() []byte {
	if len(o.buf) == 0 {
		return []byte("{}")
	}
	return append(append([]byte{}, o.buf...), '}')
}

// String is the object's JSON text.
func (o *Object) String() string { return string(o.Bytes()) }

// Quote is s as a JSON string literal; invalid UTF-8 becomes U+FFFD, as encoding/json does.
func Quote(s string) string { return string(appendQuoted(nil, s)) }

const hex = "0123456789abcdef"

func appendQuoted(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				buf = append(buf, '\\', c)
			case c == '\n':
				buf = append(buf, '\\', 'n')
			case c == '\r':
				buf = append(buf, '\\', 'r')
			case c == '\t':
				buf = append(buf, '\\', 't')
			case c < 0x20:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				buf = append(buf, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		buf = utf8.AppendRune(buf, r) // RuneError for invalid UTF-8
		i += size
	}
	return append(buf, '"')
}
