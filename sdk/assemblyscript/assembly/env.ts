// Raw host imports of the Runnable ABI (Atmo v0.4.7 / Reactr v0.15.1).
//
// Every function lives in the Wasm module `env`, every parameter and result is an i32 and the
// last argument is always the invocation `ident` that the host passed to `run_e`. Prefer the
// typed wrappers in the other files of this package; these are exported for completeness.

// @ts-ignore: decorator
@external("env", "return_result")
export declare function return_result(ptr: usize, size: usize, ident: i32): void;

// @ts-ignore: decorator
@external("env", "return_error")
export declare function return_error(code: i32, ptr: usize, size: usize, ident: i32): void;

// @ts-ignore: decorator
@external("env", "return_abort")
export declare function return_abort(
  msgPtr: usize,
  msgSize: usize,
  filePtr: usize,
  fileSize: usize,
  line: u32,
  column: u32,
  ident: i32,
): void;

// @ts-ignore: decorator
@external("env", "get_ffi_result")
export declare function get_ffi_result(ptr: usize, ident: i32): i32;

// @ts-ignore: decorator
@external("env", "add_ffi_var")
export declare function add_ffi_var(
  namePtr: usize,
  nameSize: usize,
  valuePtr: usize,
  valueSize: usize,
  ident: i32,
): i32;

// @ts-ignore: decorator
@external("env", "log_msg")
export declare function log_msg(ptr: usize, size: usize, level: i32, ident: i32): void;

// @ts-ignore: decorator
@external("env", "fetch_url")
export declare function fetch_url(
  method: i32,
  urlPtr: usize,
  urlSize: usize,
  bodyPtr: usize,
  bodySize: usize,
  ident: i32,
): i32;

// @ts-ignore: decorator
@external("env", "graphql_query")
export declare function graphql_query(
  endpointPtr: usize,
  endpointSize: usize,
  queryPtr: usize,
  querySize: usize,
  ident: i32,
): i32;

// @ts-ignore: decorator
@external("env", "cache_set")
export declare function cache_set(
  keyPtr: usize,
  keySize: usize,
  valuePtr: usize,
  valueSize: usize,
  ttl: i32,
  ident: i32,
): i32;

// @ts-ignore: decorator
@external("env", "cache_get")
export declare function cache_get(keyPtr: usize, keySize: usize, ident: i32): i32;

// @ts-ignore: decorator
@external("env", "request_get_field")
export declare function request_get_field(
  fieldType: i32,
  keyPtr: usize,
  keySize: usize,
  ident: i32,
): i32;

// @ts-ignore: decorator
@external("env", "request_set_field")
export declare function request_set_field(
  fieldType: i32,
  keyPtr: usize,
  keySize: usize,
  valuePtr: usize,
  valueSize: usize,
  ident: i32,
): i32;

// @ts-ignore: decorator
@external("env", "resp_set_header")
export declare function resp_set_header(
  keyPtr: usize,
  keySize: usize,
  valuePtr: usize,
  valueSize: usize,
  ident: i32,
): void;

// @ts-ignore: decorator
@external("env", "get_static_file")
export declare function get_static_file(namePtr: usize, nameSize: usize, ident: i32): i32;

// @ts-ignore: decorator
@external("env", "db_exec")
export declare function db_exec(queryType: i32, namePtr: usize, nameSize: usize, ident: i32): i32;
