/**
 * Test support: a "proxy" Runnable in WAT that forwards what the request body asks for to the
 * outbound host functions and answers with exactly what the host gave it, plus a builder for
 * apps that run it.
 *
 * The request body is JSON with string fields (read with `request_get_field`, type Body):
 * - `header` set: answers `request_get_field(Header, header)` (what the Runnable can read of its
 *   own request's headers);
 * - `query` set: `graphql_query(url, query)`;
 * - otherwise `fetch_url(method, url, body)`, `method` being one digit (default `0`).
 *
 * The answer (also logged with `log_msg`) is `ok <result>` for a non-negative size, `err <text>`
 * for an error result, and `none -N` when the call returned `-N` with no FFI result (`-2` for an
 * invalid method or a malformed header).
 *
 * @module
 */

import { wat } from "../../../scripts/build/wat.ts";

const PROXY_WAT = `(module
  (import "env" "return_result" (func $return_result (param i32 i32 i32)))
  (import "env" "get_ffi_result" (func $get_ffi_result (param i32 i32) (result i32)))
  (import "env" "request_get_field" (func $request_get_field (param i32 i32 i32 i32) (result i32)))
  (import "env" "fetch_url" (func $fetch_url (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "graphql_query" (func $graphql_query (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "log_msg" (func $log_msg (param i32 i32 i32 i32)))
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 4096))
  (global $ident (mut i32) (i32.const 0))
  (global $len (mut i32) (i32.const 0))
  (data (i32.const 16) "method")
  (data (i32.const 32) "url")
  (data (i32.const 48) "body")
  (data (i32.const 64) "query")
  (data (i32.const 80) "header")
  (data (i32.const 96) "ok ")
  (data (i32.const 112) "err ")
  (data (i32.const 128) "none -")

  (func $allocate (export "allocate") (param $size i32) (result i32)
    (local $p i32) (local $pages i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.and (i32.add (i32.add (local.get $p) (local.get $size)) (i32.const 7))
      (i32.const -8)))
    (local.set $pages (i32.shr_u (i32.add (global.get $heap) (i32.const 65535)) (i32.const 16)))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then (drop (memory.grow (i32.sub (local.get $pages) (memory.size))))))
    (local.get $p))

  (func $deallocate (export "deallocate") (param i32 i32)
    (global.set $heap (i32.const 4096)))

  ;; A field of the request (type, key); returns its address, its length in $len.
  (func $field (param $type i32) (param $key i32) (param $klen i32) (result i32)
    (local $size i32) (local $p i32)
    (local.set $size (call $request_get_field (local.get $type) (local.get $key) (local.get $klen)
      (global.get $ident)))
    (if (i32.lt_s (local.get $size) (i32.const 0)) (then (local.set $size (i32.const 0))))
    (local.set $p (call $allocate (local.get $size)))
    (drop (call $get_ffi_result (local.get $p) (global.get $ident)))
    (global.set $len (local.get $size))
    (local.get $p))

  ;; Answers with what a host call that returned $size left in the FFI result slot.
  (func $reply (param $size i32)
    (local $n i32) (local $p i32) (local $out i32) (local $outlen i32)
    (local.set $n (select (i32.sub (i32.const 0) (local.get $size)) (local.get $size)
      (i32.lt_s (local.get $size) (i32.const 0))))
    (local.set $p (call $allocate (i32.add (local.get $n) (i32.const 8))))
    (if (call $get_ffi_result (i32.add (local.get $p) (i32.const 8)) (global.get $ident))
      (then
        (memory.copy (local.get $p) (i32.const 128) (i32.const 6))
        (i32.store8 (i32.add (local.get $p) (i32.const 6)) (i32.add (i32.const 48) (local.get $n)))
        (local.set $out (local.get $p))
        (local.set $outlen (i32.const 7)))
      (else (if (i32.ge_s (local.get $size) (i32.const 0))
        (then
          (local.set $out (i32.add (local.get $p) (i32.const 5)))
          (memory.copy (local.get $out) (i32.const 96) (i32.const 3))
          (local.set $outlen (i32.add (local.get $n) (i32.const 3))))
        (else
          (local.set $out (i32.add (local.get $p) (i32.const 4)))
          (memory.copy (local.get $out) (i32.const 112) (i32.const 4))
          (local.set $outlen (i32.add (local.get $n) (i32.const 4)))))))
    (call $log_msg (local.get $out) (local.get $outlen) (i32.const 3) (global.get $ident))
    (call $return_result (local.get $out) (local.get $outlen) (global.get $ident)))

  (func (export "run_e") (param $ptr i32) (param $size i32) (param $id i32)
    (local $h i32) (local $hlen i32) (local $u i32) (local $ulen i32) (local $q i32) (local $qlen i32)
    (local $m i32) (local $method i32) (local $b i32)
    (global.set $ident (local.get $id))
    (local.set $h (call $field (i32.const 1) (i32.const 80) (i32.const 6)))
    (local.set $hlen (global.get $len))
    (if (local.get $hlen) (then
      (call $reply (call $request_get_field (i32.const 2) (local.get $h) (local.get $hlen)
        (global.get $ident)))
      (return)))
    (local.set $u (call $field (i32.const 1) (i32.const 32) (i32.const 3)))
    (local.set $ulen (global.get $len))
    (local.set $q (call $field (i32.const 1) (i32.const 64) (i32.const 5)))
    (local.set $qlen (global.get $len))
    (if (local.get $qlen) (then
      (call $reply (call $graphql_query (local.get $u) (local.get $ulen) (local.get $q)
        (local.get $qlen) (global.get $ident)))
      (return)))
    (local.set $m (call $field (i32.const 1) (i32.const 16) (i32.const 6)))
    (if (global.get $len)
      (then (local.set $method (i32.sub (i32.load8_u (local.get $m)) (i32.const 48)))))
    (local.set $b (call $field (i32.const 1) (i32.const 48) (i32.const 4)))
    (call $reply (call $fetch_url (local.get $method) (local.get $u) (local.get $ulen) (local.get $b)
      (global.get $len) (global.get $ident))))
)`;

let compiled: Promise<Uint8Array> | undefined;

/** The proxy module's bytes. */
export function proxyModule(): Promise<Uint8Array> {
  return compiled ??= wat(PROXY_WAT, "proxy.wat");
}

/** The handler that runs the proxy at `POST /proxy`. */
export const PROXY_HANDLER = `handlers:
  - type: request
    method: POST
    resource: /proxy
    steps:
      - fn: proxy
`;

/**
 * Writes an app (Directive: the identity lines, then `sections`, then the proxy handler) with the
 * proxy module into a new temp folder and returns its path.
 */
export async function proxyApp(sections: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-outbound-" });
  const directive = `identifier: com.stratos.outbound
appVersion: v0.1.0
atmoVersion: v0.4.7
${sections}
${PROXY_HANDLER}`;
  await Deno.writeTextFile(`${dir}/Directive.yaml`, directive);
  await Deno.writeFile(`${dir}/proxy.wasm`, await proxyModule());
  return dir;
}

/** What the proxy asks the host for (see the module documentation). */
export interface ProxyCall {
  method?: number;
  url?: string;
  body?: string;
  query?: string;
  header?: string;
}

/** Sends one call through the proxy of the app at `baseUrl`; returns its answer text. */
export async function viaProxy(baseUrl: string, call: ProxyCall): Promise<string> {
  const body = JSON.stringify({
    ...call,
    method: call.method === undefined ? undefined : `${call.method}`,
  });
  const response = await fetch(`${baseUrl}/proxy`, { method: "POST", body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`proxy answered ${response.status}: ${text}`);
  return text;
}
