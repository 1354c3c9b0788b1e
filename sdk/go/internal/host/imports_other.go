//go:build !wasip1

package host

// Impl receives the host calls when the SDK is built for something other than GOOS=wasip1: in
// unit tests, a fake host (package hosttest). A call with Impl nil panics.
var Impl Host

func impl() Host {
	if Impl == nil {
		panic("stratos: no Runnable host: build with GOOS=wasip1 GOARCH=wasm, or set host.Impl in tests")
	}
	return Impl
}

// ReturnResult calls Impl.ReturnResult.
func ReturnResult(data []byte, ident int32) { impl().ReturnResult(data, ident) }

// ReturnError calls Impl.ReturnError.
func ReturnError(code int32, message string, ident int32) {
	impl().ReturnError(code, message, ident)
}

// ReturnAbort calls Impl.ReturnAbort.
func ReturnAbort(message, file string, line, column int32, ident int32) {
	impl().ReturnAbort(message, file, line, column, ident)
}

// GetFFIResult calls Impl.GetFFIResult.
func GetFFIResult(buf []byte, ident int32) int32 { return impl().GetFFIResult(buf, ident) }

// AddFFIVar calls Impl.AddFFIVar.
func AddFFIVar(name, value string, ident int32) int32 {
	return impl().AddFFIVar(name, value, ident)
}

// LogMsg calls Impl.LogMsg.
func LogMsg(message string, level int32, ident int32) { impl().LogMsg(message, level, ident) }

// FetchURL calls Impl.FetchURL.
func FetchURL(method int32, url string, body []byte, ident int32) int32 {
	return impl().FetchURL(method, url, body, ident)
}

// GraphQLQuery calls Impl.GraphQLQuery.
func GraphQLQuery(endpoint, query string, ident int32) int32 {
	return impl().GraphQLQuery(endpoint, query, ident)
}

// CacheSet calls Impl.CacheSet.
func CacheSet(key string, value []byte, ttl int32, ident int32) int32 {
	return impl().CacheSet(key, value, ttl, ident)
}

// CacheGet calls Impl.CacheGet.
func CacheGet(key string, ident int32) int32 { return impl().CacheGet(key, ident) }

// RequestGetField calls Impl.RequestGetField.
func RequestGetField(fieldType int32, key string, ident int32) int32 {
	return impl().RequestGetField(fieldType, key, ident)
}

// RequestSetField calls Impl.RequestSetField.
func RequestSetField(fieldType int32, key, value string, ident int32) int32 {
	return impl().RequestSetField(fieldType, key, value, ident)
}

// RespSetHeader calls Impl.RespSetHeader.
func RespSetHeader(key, value string, ident int32) { impl().RespSetHeader(key, value, ident) }

// GetStaticFile calls Impl.GetStaticFile.
func GetStaticFile(name string, ident int32) int32 { return impl().GetStaticFile(name, ident) }

// DBExec calls Impl.DBExec.
func DBExec(queryType int32, name string, ident int32) int32 {
	return impl().DBExec(queryType, name, ident)
}
