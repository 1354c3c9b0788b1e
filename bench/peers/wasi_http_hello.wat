;; A minimal wasi:http 0.2 request handler, written by hand for the peers benchmark: it answers
;; every request with 200 and the body `hello <request body>`. It is a core module using the
;; component model's canonical ABI; bench/peers/wasmtime.ts wraps it into a component with
;; `wasm-tools component embed` (WIT: hello.wit, world `hello`) and `wasm-tools component new`.
;;
;; Memory: 16..80 holds the results the host writes back (a `retptr` area); the response is
;; built at 1024: the prefix `hello ` (a data segment), then the request body, which the host
;; writes straight after it, because `cabi_realloc` hands out consecutive bytes from there.
(module
  (import "wasi:io/error@0.2.0" "[resource-drop]error" (func $drop_error (param i32)))
  (import "wasi:io/streams@0.2.0" "[method]input-stream.blocking-read"
    (func $blocking_read (param i32 i64 i32)))
  (import "wasi:io/streams@0.2.0" "[method]output-stream.blocking-write-and-flush"
    (func $write_and_flush (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.0" "[resource-drop]input-stream" (func $drop_input (param i32)))
  (import "wasi:io/streams@0.2.0" "[resource-drop]output-stream" (func $drop_output (param i32)))
  (import "wasi:http/types@0.2.0" "[constructor]fields" (func $new_fields (result i32)))
  (import "wasi:http/types@0.2.0" "[method]incoming-request.consume"
    (func $consume (param i32 i32)))
  (import "wasi:http/types@0.2.0" "[method]incoming-body.stream" (func $stream (param i32 i32)))
  (import "wasi:http/types@0.2.0" "[constructor]outgoing-response"
    (func $new_response (param i32) (result i32)))
  (import "wasi:http/types@0.2.0" "[method]outgoing-response.body" (func $body (param i32 i32)))
  (import "wasi:http/types@0.2.0" "[method]outgoing-body.write" (func $write (param i32 i32)))
  (import "wasi:http/types@0.2.0" "[static]outgoing-body.finish"
    (func $finish (param i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.0" "[static]response-outparam.set"
    (func $set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.0" "[resource-drop]incoming-request"
    (func $drop_request (param i32)))
  (import "wasi:http/types@0.2.0" "[resource-drop]incoming-body" (func $drop_body (param i32)))

  (memory (export "memory") 1)
  (data (i32.const 1024) "hello ")

  ;; The next free byte of the response buffer (reset for every request).
  (global $next (mut i32) (i32.const 1030))

  (global $RET i32 (i32.const 16))
  (global $RESPONSE i32 (i32.const 1024))
  ;; The most bytes one blocking-write-and-flush may take.
  (global $WRITE_CHUNK i32 (i32.const 4096))

  ;; Consecutive bytes from $next, growing the memory as needed (old contents are copied).
  (func $realloc (export "cabi_realloc")
    (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
    (local $ptr i32) (local $end i32)
    (local.set $ptr
      (i32.and
        (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.eq (i32.const -1)
              (memory.grow
                (i32.sub
                  (i32.shr_u (i32.add (local.get $end) (i32.const 65535)) (i32.const 16))
                  (memory.size))))
          (then (unreachable)))))
    (if (i32.ne (local.get $old_size) (i32.const 0))
      (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old_size))))
    (global.set $next (local.get $end))
    (local.get $ptr))

  ;; The handle a `result<own<T>>` left at $RET (traps on the error case).
  (func $ok_handle (result i32)
    (if (i32.ne (i32.load8_u (global.get $RET)) (i32.const 0)) (then (unreachable)))
    (i32.load (i32.add (global.get $RET) (i32.const 4))))

  ;; Reads the whole request body onto the end of the response buffer.
  (func $read_body (param $request i32)
    (local $body i32) (local $input i32)
    (call $consume (local.get $request) (global.get $RET))
    (local.set $body (call $ok_handle))
    (call $stream (local.get $body) (global.get $RET))
    (local.set $input (call $ok_handle))
    (block $done
      (loop $more
        (call $blocking_read (local.get $input) (i64.const 65536) (global.get $RET))
        (br_if $more (i32.eqz (i32.load8_u (global.get $RET))))
        ;; stream-error: `closed` (1) ends the body; `last-operation-failed` (0) is a failure.
        (br_if $done (i32.eq (i32.load8_u (i32.add (global.get $RET) (i32.const 4))) (i32.const 1)))
        (call $drop_error (i32.load (i32.add (global.get $RET) (i32.const 8))))
        (unreachable)))
    (call $drop_input (local.get $input))
    (call $drop_body (local.get $body))
    (call $drop_request (local.get $request)))

  ;; Writes $size bytes at $ptr to the output stream, at most $WRITE_CHUNK per call; stops at
  ;; the first stream error (the client went away), dropping the error it carries.
  (func $write_all (param $out i32) (param $ptr i32) (param $size i32)
    (local $n i32)
    (loop $more
      (local.set $n
        (select (global.get $WRITE_CHUNK) (local.get $size)
          (i32.gt_u (local.get $size) (global.get $WRITE_CHUNK))))
      (call $write_and_flush (local.get $out) (local.get $ptr) (local.get $n) (global.get $RET))
      (if (i32.ne (i32.load8_u (global.get $RET)) (i32.const 0))
        (then
          (if (i32.eqz (i32.load8_u (i32.add (global.get $RET) (i32.const 4))))
            (then (call $drop_error (i32.load (i32.add (global.get $RET) (i32.const 8))))))
          (return)))
      (local.set $ptr (i32.add (local.get $ptr) (local.get $n)))
      (local.set $size (i32.sub (local.get $size) (local.get $n)))
      (br_if $more (i32.ne (local.get $size) (i32.const 0)))))

  (func (export "wasi:http/incoming-handler@0.2.0#handle") (param $request i32) (param $outparam i32)
    (local $response i32) (local $body i32) (local $out i32)
    (global.set $next (i32.const 1030))
    (call $read_body (local.get $request))
    (local.set $response (call $new_response (call $new_fields)))
    (call $body (local.get $response) (global.get $RET))
    (local.set $body (call $ok_handle))
    ;; result::ok(response); the error-code payload slots stay zero.
    (call $set (local.get $outparam) (i32.const 0) (local.get $response)
      (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
    (call $write (local.get $body) (global.get $RET))
    (local.set $out (call $ok_handle))
    (call $write_all (local.get $out) (global.get $RESPONSE)
      (i32.sub (global.get $next) (global.get $RESPONSE)))
    (call $drop_output (local.get $out))
    ;; finish(body, none) -> result<_, error-code>: an error means the response was cut short
    ;; (the client went away), which leaves nothing to do.
    (call $finish (local.get $body) (i32.const 0) (i32.const 0) (global.get $RET))))
