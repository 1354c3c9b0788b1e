import assert from "node:assert/strict";
import {
  emit,
  errRecord,
  ffi,
  FLUSH,
  Guest,
  Harness,
  host,
  okRecord,
  Out,
  request,
  SCRATCH,
  TAKE_VARS,
  useTakeVars,
} from "./harness.ts";

Deno.test("get_ffi_result - with nothing pending returns -1", async () => {
  const h = new Harness();
  const out = Out.of(await h.run(new Guest().run(emit(host("get_ffi_result", SCRATCH)), FLUSH)));
  assert.equal(out.i32(), -1);
  out.end();
});

Deno.test("get_ffi_result - a fetched result is gone: a second fetch returns -1", async () => {
  const h = new Harness();
  const g = new Guest();
  g.run(
    ffi(host("request_get_field", 0, g.str("method"))),
    emit(host("get_ffi_result", SCRATCH)),
    FLUSH,
  );
  const out = Out.of(await h.run(g));
  assert.deepEqual(out.ffi(), okRecord("GET"));
  assert.equal(out.i32(), -1);
  out.end();
});

Deno.test("one pending result - FFI host functions return -1 until the result is fetched", async () => {
  const h = new Harness({ staticFiles: { "a.txt": "A" } });
  await h.cache.set("k", new TextEncoder().encode("cached"), 0);
  const g = new Guest();
  const method = g.str("method");
  const url = g.str("url");
  g.run(
    emit(host("request_get_field", 0, method)), // pending: "POST"
    emit(host("request_get_field", 0, url)),
    emit(host("request_set_field", 0, method, g.str("PUT"))),
    emit(host("cache_get", g.str("k"))),
    emit(host("get_static_file", g.str("a.txt"))),
    // Functions without an FFI result are not affected.
    emit(host("add_ffi_var", g.str("n"), g.str("v"))),
    emit(host("cache_set", g.str("k2"), g.str("v2"), 0)),
    ffi(4), // fetch the pending result of the first call
    ffi(host("request_get_field", 0, url)), // allowed again
    FLUSH,
  );
  const req = request({ method: "POST", url: "/x?y=1" });
  const out = Out.of(await h.invoke(await h.load(g), { request: req }));
  assert.equal(out.i32(), 4);
  assert.deepEqual([out.i32(), out.i32(), out.i32(), out.i32()], [-1, -1, -1, -1]);
  assert.deepEqual([out.i32(), out.i32()], [0, 0]);
  assert.deepEqual(out.ffi(), okRecord("POST"));
  assert.deepEqual(out.ffi(), okRecord("/x?y=1"));
  out.end();
  assert.equal(req.method, "POST", "the refused request_set_field must not have run");
  assert.deepEqual(h.cache.get("k2"), new TextEncoder().encode("v2"));
});

Deno.test("one pending result - an unfetched error result also blocks, and is fetched as text", async () => {
  const h = new Harness();
  const g = new Guest();
  const missing = g.str("missing");
  g.run(
    emit(host("cache_get", missing)),
    emit(host("cache_get", missing)),
    ffi(-13),
    FLUSH,
  );
  const out = Out.of(await h.run(g));
  assert.deepEqual([out.i32(), out.i32()], [-13, -1]);
  assert.deepEqual(out.ffi(), errRecord("key not found"));
  out.end();
});

Deno.test("negative sizes - cache_get of a missing key returns -len and yields exactly the message", async () => {
  const h = new Harness();
  const g = new Guest();
  const out = Out.of(await h.run(g.run(ffi(host("cache_get", g.str("nope"))), FLUSH)));
  const record = out.ffi();
  assert.equal(record.size, -"key not found".length);
  assert.equal(record.rc, 0);
  assert.equal(record.text, "key not found");
  out.end();
});

Deno.test("the pending result does not leak into the next invocation", async () => {
  const h = new Harness();
  const g = new Guest();
  const mod = await h.load(
    g.run(
      emit(host("get_ffi_result", SCRATCH)),
      emit(host("request_get_field", 0, g.str("id"))), // left pending on purpose
      FLUSH,
    ),
  );
  for (const id of ["first", "second"]) {
    const out = Out.of(await h.invoke(mod, { request: request({ id }) }));
    assert.equal(out.i32(), -1, "no result may be pending at the start of an invocation");
    assert.equal(out.i32(), id.length);
    out.end();
  }
});

Deno.test("add_ffi_var - returns 0 and pushes name/value pairs in order", async () => {
  const h = new Harness({ hostFunctions: [TAKE_VARS] });
  const g = useTakeVars();
  g.run(
    emit(host("add_ffi_var", g.str("id"), g.str("42"))),
    emit(host("add_ffi_var", g.str("name"), g.str("Ada ✓"))),
    emit(host("add_ffi_var", g.str(""), g.str(""))),
    ffi(host("take_vars")),
    ffi(host("take_vars")),
    FLUSH,
  );
  const out = Out.of(await h.run(g));
  assert.deepEqual([out.i32(), out.i32(), out.i32()], [0, 0, 0]);
  assert.deepEqual(JSON.parse(out.ffi().text), [
    { name: "id", value: "42" },
    { name: "name", value: "Ada ✓" },
    { name: "", value: "" },
  ]);
  assert.deepEqual(out.ffi(), okRecord("[]"));
  out.end();
});

Deno.test("add_ffi_var - variables do not survive into the next invocation", async () => {
  const h = new Harness({ hostFunctions: [TAKE_VARS] });
  const g = useTakeVars();
  const mod = await h.load(
    g.run(
      ffi(host("take_vars")),
      emit(host("add_ffi_var", g.str("a"), g.str("1"))),
      FLUSH,
    ),
  );
  for (let i = 0; i < 2; i++) {
    const out = Out.of(await h.invoke(mod));
    assert.deepEqual(out.ffi(), okRecord("[]"));
    assert.equal(out.i32(), 0);
    out.end();
  }
});
