;; A minimal Extism plugin, written by hand for the peers benchmark: its export `hello` sets the
;; call's output to `hello <input>`. It uses only Extism's kernel (module `extism:host/env`):
;; the input is read and the output written in 8-byte words, the tail byte by byte.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "hello ")

  (func (export "hello") (result i32)
    (local $size i64) (local $out i64) (local $body i64) (local $i i64)
    (local.set $size (call $input_length))
    (local.set $out (call $alloc (i64.add (local.get $size) (i64.const 6))))
    ;; the prefix, from the data segment
    (block $copied
      (loop $prefix
        (br_if $copied (i64.eq (local.get $i) (i64.const 6)))
        (call $store_u8 (i64.add (local.get $out) (local.get $i))
          (i32.load8_u (i32.wrap_i64 (local.get $i))))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $prefix)))
    (local.set $body (i64.add (local.get $out) (i64.const 6)))
    (local.set $i (i64.const 0))
    (block $words_done
      (loop $words
        (br_if $words_done (i64.gt_u (i64.add (local.get $i) (i64.const 8)) (local.get $size)))
        (call $store_u64 (i64.add (local.get $body) (local.get $i))
          (call $input_load_u64 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 8)))
        (br $words)))
    (block $bytes_done
      (loop $bytes
        (br_if $bytes_done (i64.ge_u (local.get $i) (local.get $size)))
        (call $store_u8 (i64.add (local.get $body) (local.get $i))
          (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $bytes)))
    (call $output_set (local.get $out) (i64.add (local.get $size) (i64.const 6)))
    (i32.const 0)))
