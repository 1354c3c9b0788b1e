import assert from "node:assert/strict";
import {
  emit,
  encode,
  ffi,
  FLUSH,
  Guest,
  Harness,
  host,
  hostAs,
  okRecord,
  Out,
  request,
  SCRATCH,
  TAKE_VARS,
  useTakeVars,
  WRONG_IDENT,
} from "./harness.ts";

Deno.test("wrong ident - FFI host functions return -1 and leave no result pending", async () => {
  const h = new Harness({ staticFiles: { "a.txt": "A" } });
  h.cache.set("k", encode("v"), 0);
  const g = new Guest();
  const method = g.str("method");
  g.run(
    emit(hostAs(WRONG_IDENT, "request_get_field", 0, method)),
    emit(hostAs(WRONG_IDENT, "request_set_field", 0, method, g.str("PUT"))),
    emit(hostAs(WRONG_IDENT, "cache_get", g.str("k"))),
    emit(hostAs(WRONG_IDENT, "get_static_file", g.str("a.txt"))),
    emit(host("get_ffi_result", SCRATCH)),
    FLUSH,
  );
  const req = request({ method: "POST" });
  const out = Out.of(await h.invoke(await h.load(g), { request: req }));
  assert.deepEqual([out.i32(), out.i32(), out.i32(), out.i32()], [-1, -1, -1, -1]);
  assert.equal(out.i32(), -1, "nothing may be pending");
  out.end();
  assert.equal(req.method, "POST");
});

Deno.test("wrong ident - add_ffi_var and cache_set return -1 and do nothing", async () => {
  const h = new Harness({ hostFunctions: [TAKE_VARS] });
  const g = useTakeVars();
  g.run(
    emit(hostAs(WRONG_IDENT, "add_ffi_var", g.str("a"), g.str("1"))),
    emit(hostAs(WRONG_IDENT, "cache_set", g.str("k"), g.str("v"), 0)),
    ffi(host("take_vars")),
    FLUSH,
  );
  const out = Out.of(await h.run(g));
  assert.deepEqual([out.i32(), out.i32()], [-1, -1]);
  assert.deepEqual(out.ffi(), okRecord("[]"));
  out.end();
  assert.equal(h.cache.get("k"), undefined);
});

Deno.test("wrong ident - get_ffi_result returns -1 and the result stays pending", async () => {
  const h = new Harness();
  const g = new Guest();
  g.run(
    emit(host("request_get_field", 0, g.str("id"))),
    emit(hostAs(WRONG_IDENT, "get_ffi_result", SCRATCH)),
    ffi(5),
    FLUSH,
  );
  const out = Out.of(await h.invoke(await h.load(g), { request: request({ id: "abcde" }) }));
  assert.deepEqual([out.i32(), out.i32()], [5, -1]);
  assert.deepEqual(out.ffi(), okRecord("abcde"));
  out.end();
});

Deno.test("wrong ident - void host functions are ignored", async () => {
  const h = new Harness();
  const g = new Guest();
  const result = await h.run(
    g.run(
      hostAs(WRONG_IDENT, "log_msg", g.str("hidden"), 1),
      hostAs(WRONG_IDENT, "resp_set_header", g.str("X-A"), g.str("1")),
      hostAs(WRONG_IDENT, "return_error", 500, g.str("hidden")),
      hostAs(WRONG_IDENT, "return_abort", g.str("m"), g.str("f"), 1, 1),
      hostAs(WRONG_IDENT, "return_result", g.str("hidden")),
    ),
  );
  assert.equal(result.output, undefined);
  assert.equal(result.runErr, undefined);
  assert.equal(result.failure, undefined);
  assert.equal(result.respHeaders.size, 0);
  assert.deepEqual(h.guestLogs(), []);
});

Deno.test("wrong ident - after ignored calls, the right ident still works", async () => {
  const h = new Harness();
  const g = new Guest();
  const result = await h.run(
    g.run(
      hostAs(WRONG_IDENT, "return_result", g.str("wrong")),
      host("return_result", g.str("right")),
    ),
  );
  assert.deepEqual(result.output, encode("right"));
});

Deno.test("wrong ident - the _swift variants check the ident too", async () => {
  const h = new Harness();
  const g = new Guest();
  const extras = "(i32.const 1) (i32.const 2)";
  g.run(
    emit(hostAs(`${WRONG_IDENT} ${extras}`, "request_get_field_swift", 0, g.str("method"))),
    hostAs(`${WRONG_IDENT} ${extras}`, "return_error_swift", 500, g.str("hidden")),
    FLUSH,
  );
  const result = await h.run(g);
  const out = Out.of(result);
  assert.equal(out.i32(), -1);
  out.end();
  assert.equal(result.runErr, undefined);
});
