import assert from "node:assert/strict";
import type { CoordinatedRequest } from "../../kernel/request/request.ts";
import {
  decode,
  encode,
  errRecord,
  ffi,
  FLUSH,
  Guest,
  Harness,
  type HarnessOptions,
  host,
  okRecord,
  Out,
  request,
  swift,
} from "./harness.ts";

const META = 0, BODY = 1, HEADER = 2, PARAMS = 3, STATE = 4, QUERY = 5;

type Record = ReturnType<Out["ffi"]>;

function sampleRequest(body?: string): CoordinatedRequest {
  return request({
    method: "POST",
    url: "/users/ada?name=Ada%20L&name=second&empty=",
    id: "req-42",
    body: encode(
      body ??
        JSON.stringify({ name: "Ada", age: 36, nested: { a: 1 }, flag: true, nothing: null }),
    ),
    headers: new Headers({ "X-Custom": "yes", "Content-Type": "application/json" }),
    params: { user: "ada" },
  });
}

function sampleState(): Map<string, Uint8Array> {
  return new Map([["greeting", encode("hi")], ["bin", new Uint8Array([0, 255, 1])]]);
}

/** Calls `request_get_field` for each (type, key) and returns the FFI records. */
async function getFields(
  fields: [number, string][],
  options: { harness?: HarnessOptions; request?: CoordinatedRequest; swift?: boolean } = {},
): Promise<Record[]> {
  const h = new Harness(options.harness);
  const g = new Guest();
  const call = options.swift ? swift : host;
  g.run(...fields.map(([type, key]) => ffi(call("request_get_field", type, g.str(key)))), FLUSH);
  const out = Out.of(
    await h.invoke(await h.load(g), {
      request: options.request ?? sampleRequest(),
      state: sampleState(),
    }),
  );
  const records = fields.map(() => out.ffi());
  out.end();
  return records;
}

/** Calls `request_set_field` for each (type, key, value); returns the records and what changed. */
async function setFields(
  fields: [number, string, string | Uint8Array][],
  harness?: HarnessOptions,
) {
  const h = new Harness(harness);
  const g = new Guest();
  g.run(
    ...fields.map(([type, key, value]) =>
      ffi(host("request_set_field", type, g.str(key), g.str(value)))
    ),
    FLUSH,
  );
  const req = sampleRequest();
  const state = sampleState();
  const out = Out.of(await h.invoke(await h.load(g), { request: req, state }));
  const records = fields.map(() => out.ffi());
  out.end();
  return { records, request: req, state };
}

Deno.test("request_get_field Meta - method, url, id, raw body; other keys are empty", async () => {
  const req = sampleRequest();
  const records = await getFields([
    [META, "method"],
    [META, "url"],
    [META, "id"],
    [META, "body"],
    [META, "headers"],
  ], { request: req });
  assert.deepEqual(records, [
    okRecord("POST"),
    okRecord("/users/ada?name=Ada%20L&name=second&empty="),
    okRecord("req-42"),
    okRecord(decode(req.body)),
    okRecord(""),
  ]);
});

Deno.test("request_get_field Body - a top-level string field of the JSON body", async () => {
  assert.deepEqual(await getFields([[BODY, "name"], [BODY, "missing"]]), [
    okRecord("Ada"),
    okRecord(""),
  ]);
});

Deno.test("request_get_field Body - a non-string value is an error naming the key", async () => {
  const records = await getFields([
    [BODY, "age"],
    [BODY, "nested"],
    [BODY, "flag"],
    [BODY, "nothing"],
  ]);
  assert.deepEqual(records, [
    errRecord("request body value age is not a string"),
    errRecord("request body value nested is not a string"),
    errRecord("request body value flag is not a string"),
    errRecord("request body value nothing is not a string"),
  ]);
});

Deno.test("request_get_field Body - an empty body reads as empty", async () => {
  assert.deepEqual(await getFields([[BODY, "name"]], { request: request({ method: "GET" }) }), [
    okRecord(""),
  ]);
});

Deno.test("request_get_field Header - the key is lower-cased for the lookup", async () => {
  assert.deepEqual(
    await getFields([[HEADER, "X-CUSTOM"], [HEADER, "x-custom"], [HEADER, "content-type"]]),
    [okRecord("yes"), okRecord("yes"), okRecord("application/json")],
  );
});

Deno.test("request_get_field Params, State, Query - values by key", async () => {
  const records = await getFields([
    [PARAMS, "user"],
    [STATE, "greeting"],
    [STATE, "bin"],
    [QUERY, "name"],
    [QUERY, "empty"],
  ]);
  assert.deepEqual(records.slice(0, 2), [okRecord("ada"), okRecord("hi")]);
  assert.deepEqual(records[2], { size: 3, rc: 0, text: decode(new Uint8Array([0, 255, 1])) });
  // Query: the first value, decoded.
  assert.deepEqual(records.slice(3), [okRecord("Ada L"), okRecord("")]);
});

Deno.test("request_get_field - a missing key yields size 0, not an error", async () => {
  const records = await getFields([
    [HEADER, "x-missing"],
    [PARAMS, "missing"],
    [STATE, "missing"],
    [QUERY, "missing"],
    [META, "missing"],
  ]);
  assert.deepEqual(records, Array(5).fill(okRecord("")));
});

Deno.test("request_get_field - an unknown field type is `invalid field type`", async () => {
  assert.deepEqual(await getFields([[6, "method"], [-1, "method"], [100, "x"]]), [
    errRecord("invalid field type"),
    errRecord("invalid field type"),
    errRecord("invalid field type"),
  ]);
});

Deno.test("request_get_field_swift - the two extra trailing params are ignored", async () => {
  assert.deepEqual(
    await getFields([[META, "method"], [BODY, "age"], [HEADER, "X-Custom"]], { swift: true }),
    [okRecord("POST"), errRecord("request body value age is not a string"), okRecord("yes")],
  );
});

Deno.test("request_set_field Meta - method, url and body change; id is ignored", async () => {
  const { records, request: req } = await setFields([
    [META, "method", "PUT"],
    [META, "url", "/new?q=2"],
    [META, "body", "raw body"],
    [META, "id", "other-id"],
  ]);
  assert.deepEqual(records, Array(4).fill(okRecord("")));
  assert.equal(req.method, "PUT");
  assert.equal(req.url, "/new?q=2");
  assert.equal(decode(req.body), "raw body");
  assert.equal(req.id, "req-42");
  assert.equal(req.queryParam("q"), "2");
});

Deno.test("request_set_field Body - sets a top-level string field, keeping the others", async () => {
  const { records, request: req } = await setFields([[BODY, "name", "Grace"], [BODY, "x", "y"]]);
  assert.deepEqual(records, [okRecord(""), okRecord("")]);
  assert.deepEqual(JSON.parse(decode(req.body)), {
    name: "Grace",
    age: 36,
    nested: { a: 1 },
    flag: true,
    nothing: null,
    x: "y",
  });
});

Deno.test("request_set_field Header, Params, State - values are stored as given", async () => {
  const { records, request: req, state } = await setFields([
    [HEADER, "X-New", "v1"],
    [PARAMS, "user", "grace"],
    [STATE, "out", new Uint8Array([9, 0, 8])],
  ]);
  assert.deepEqual(records, Array(3).fill(okRecord("")));
  assert.equal(req.headers.get("X-New"), "v1", "the header key keeps its case (Atmo)");
  assert.equal(req.params.user, "grace");
  assert.deepEqual(state.get("out"), new Uint8Array([9, 0, 8]));
});

Deno.test("request_set_field - a later request_get_field sees the new value", async () => {
  const h = new Harness();
  const g = new Guest();
  const name = g.str("name");
  const user = g.str("user");
  g.run(
    ffi(host("request_set_field", BODY, name, g.str("Grace"))),
    ffi(host("request_get_field", BODY, name)),
    ffi(host("request_set_field", PARAMS, user, g.str("bob"))),
    ffi(host("request_get_field", PARAMS, user)),
    FLUSH,
  );
  const out = Out.of(await h.invoke(await h.load(g), { request: sampleRequest() }));
  assert.deepEqual([out.ffi(), out.ffi(), out.ffi(), out.ffi()], [
    okRecord(""),
    okRecord("Grace"),
    okRecord(""),
    okRecord("bob"),
  ]);
  out.end();
});

Deno.test("request_set_field Query and unknown types - `invalid field type`", async () => {
  const { records, request: req } = await setFields([
    [QUERY, "name", "x"],
    [6, "a", "b"],
  ]);
  assert.deepEqual(records, [errRecord("invalid field type"), errRecord("invalid field type")]);
  assert.equal(req.url, "/users/ada?name=Ada%20L&name=second&empty=");
});

Deno.test("allowGetField false - request_get_field is `capability is not enabled`", async () => {
  const harness: HarnessOptions = {
    configure: (caps) => caps.requestHandler.allowGetField = false,
  };
  assert.deepEqual(await getFields([[META, "method"], [STATE, "greeting"]], { harness }), [
    errRecord("capability is not enabled"),
    errRecord("capability is not enabled"),
  ]);
  // Setting is still allowed.
  const { records, request: req } = await setFields([[META, "method", "PATCH"]], harness);
  assert.deepEqual(records, [okRecord("")]);
  assert.equal(req.method, "PATCH");
});

Deno.test("allowSetField false - request_set_field is `capability is not enabled`", async () => {
  const harness: HarnessOptions = {
    configure: (caps) => caps.requestHandler.allowSetField = false,
  };
  const { records, request: req, state } = await setFields([
    [META, "method", "PATCH"],
    [STATE, "new", "v"],
  ], harness);
  assert.deepEqual(records, [
    errRecord("capability is not enabled"),
    errRecord("capability is not enabled"),
  ]);
  assert.equal(req.method, "POST");
  assert.equal(state.has("new"), false);
  // Getting is still allowed.
  assert.deepEqual(await getFields([[META, "method"]], { harness }), [okRecord("POST")]);
});

Deno.test("requestHandler.enabled false - both functions are `capability is not enabled`", async () => {
  const harness: HarnessOptions = {
    configure: (caps) => caps.requestHandler.enabled = false,
  };
  assert.deepEqual(await getFields([[META, "method"]], { harness }), [
    errRecord("capability is not enabled"),
  ]);
  const { records } = await setFields([[META, "method", "PATCH"]], harness);
  assert.deepEqual(records, [errRecord("capability is not enabled")]);
});
