//go:build wasip1

package host

import "unsafe"

// The imports of the Wasm module "env". Pointer parameters are unsafe.Pointer, so the Go
// compiler keeps the memory they point to alive for the duration of the call; Go's garbage
// collector never moves heap objects.

//go:wasmimport env return_result
func returnResult(ptr unsafe.Pointer, size int32, ident int32)

//go:wasmimport env return_error
func returnError(code int32, ptr unsafe.Pointer, size int32, ident int32)

//go:wasmimport env return_abort
func returnAbort(msgPtr unsafe.Pointer, msgSize int32, filePtr unsafe.Pointer, fileSize int32, line, column int32, ident int32)

//go:wasmimport env get_ffi_result
func getFFIResult(ptr unsafe.Pointer, ident int32) int32

//go:wasmimport env add_ffi_var
func addFFIVar(namePtr unsafe.Pointer, nameSize int32, valuePtr unsafe.Pointer, valueSize int32, ident int32) int32

//go:wasmimport env log_msg
func logMsg(ptr unsafe.Pointer, size int32, level int32, ident int32)

//go:wasmimport env fetch_url
func fetchURL(method int32, urlPtr unsafe.Pointer, urlSize int32, bodyPtr unsafe.Pointer, bodySize int32, ident int32) int32

//go:wasmimport env graphql_query
func graphQLQuery(endpointPtr unsafe.Pointer, endpointSize int32, queryPtr unsafe.Pointer, querySize int32, ident int32) int32

//go:wasmimport env cache_set
func cacheSet(keyPtr unsafe.Pointer, keySize int32, valuePtr unsafe.Pointer, valueSize int32, ttl int32, ident int32) int32

//go:wasmimport env cache_get
func cacheGet(keyPtr unsafe.Pointer, keySize int32, ident int32) int32

//go:wasmimport env request_get_field
func requestGetField(fieldType int32, keyPtr unsafe.Pointer, keySize int32, ident int32) int32

//go:wasmimport env request_set_field
func requestSetField(fieldType int32, keyPtr unsafe.Pointer, keySize int32, valuePtr unsafe.Pointer, valueSize int32, ident int32) int32

//go:wasmimport env resp_set_header
func respSetHeader(keyPtr unsafe.Pointer, keySize int32, valuePtr unsafe.Pointer, valueSize int32, ident int32)

//go:wasmimport env get_static_file
func getStaticFile(namePtr unsafe.Pointer, nameSize int32, ident int32) int32

//go:wasmimport env db_exec
func dbExec(queryType int32, namePtr unsafe.Pointer, nameSize int32, ident int32) int32

// bytesArg is the pointer and size of b as the host expects them.
func bytesArg(b []byte) (unsafe.Pointer, int32) {
	return unsafe.Pointer(unsafe.SliceData(b)), int32(len(b))
}

// stringArg is the pointer and size of s (the host only reads it, so no copy is needed).
func stringArg(s string) (unsafe.Pointer, int32) {
	return unsafe.Pointer(unsafe.StringData(s)), int32(len(s))
}

// ReturnResult calls return_result.
func ReturnResult(data []byte, ident int32) {
	p, n := bytesArg(data)
	returnResult(p, n, ident)
}

// ReturnError calls return_error.
func ReturnError(code int32, message string, ident int32) {
	p, n := stringArg(message)
	returnError(code, p, n, ident)
}

// ReturnAbort calls return_abort.
func ReturnAbort(message, file string, line, column int32, ident int32) {
	mp, mn := stringArg(message)
	fp, fn := stringArg(file)
	returnAbort(mp, mn, fp, fn, line, column, ident)
}

// GetFFIResult calls get_ffi_result; the host writes len(buf) bytes into buf.
func GetFFIResult(buf []byte, ident int32) int32 {
	p, _ := bytesArg(buf)
	return getFFIResult(p, ident)
}

// AddFFIVar calls add_ffi_var.
func AddFFIVar(name, value string, ident int32) int32 {
	np, nn := stringArg(name)
	vp, vn := stringArg(value)
	return addFFIVar(np, nn, vp, vn, ident)
}

// LogMsg calls log_msg.
func LogMsg(message string, level int32, ident int32) {
	p, n := stringArg(message)
	logMsg(p, n, level, ident)
}

// FetchURL calls fetch_url.
func FetchURL(method int32, url string, body []byte, ident int32) int32 {
	up, un := stringArg(url)
	bp, bn := bytesArg(body)
	return fetchURL(method, up, un, bp, bn, ident)
}

// GraphQLQuery calls graphql_query.
func GraphQLQuery(endpoint, query string, ident int32) int32 {
	ep, en := stringArg(endpoint)
	qp, qn := stringArg(query)
	return graphQLQuery(ep, en, qp, qn, ident)
}

// CacheSet calls cache_set.
func CacheSet(key string, value []byte, ttl int32, ident int32) int32 {
	kp, kn := stringArg(key)
	vp, vn := bytesArg(value)
	return cacheSet(kp, kn, vp, vn, ttl, ident)
}

// CacheGet calls cache_get.
func CacheGet(key string, ident int32) int32 {
	p, n := stringArg(key)
	return cacheGet(p, n, ident)
}

// RequestGetField calls request_get_field.
func RequestGetField(fieldType int32, key string, ident int32) int32 {
	p, n := stringArg(key)
	return requestGetField(fieldType, p, n, ident)
}

// RequestSetField calls request_set_field.
func RequestSetField(fieldType int32, key, value string, ident int32) int32 {
	kp, kn := stringArg(key)
	vp, vn := stringArg(value)
	return requestSetField(fieldType, kp, kn, vp, vn, ident)
}

// RespSetHeader calls resp_set_header.
func RespSetHeader(key, value string, ident int32) {
	kp, kn := stringArg(key)
	vp, vn := stringArg(value)
	respSetHeader(kp, kn, vp, vn, ident)
}

// GetStaticFile calls get_static_file.
func GetStaticFile(name string, ident int32) int32 {
	p, n := stringArg(name)
	return getStaticFile(p, n, ident)
}

// DBExec calls db_exec.
func DBExec(queryType int32, name string, ident int32) int32 {
	p, n := stringArg(name)
	return dbExec(queryType, p, n, ident)
}
