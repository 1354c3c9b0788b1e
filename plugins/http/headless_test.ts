import assert from "node:assert/strict";
import { CoordinatedRequest } from "../../plugin.ts";
import { applyHeadlessHeaders, HeadlessHeaderError, headlessResponseHeaders } from "./headless.ts";

const decoder = new TextDecoder();

/** Applies `headers` to a fresh request and returns it. */
function applied(headers: Record<string, string>, params: Record<string, string> = {}) {
  const request = new Request("http://localhost/com.example/default/hello/v1", {
    method: "POST",
    headers,
  });
  const coordinated = new CoordinatedRequest({ method: "POST", url: "/", params });
  applyHeadlessHeaders(request, coordinated);
  return coordinated;
}

function stateText(coordinated: CoordinatedRequest): Record<string, string> {
  return Object.fromEntries([...coordinated.state].map(([k, v]) => [k, decoder.decode(v)]));
}

function assertHeaderError(headers: Record<string, string>, message: string): void {
  assert.throws(() => applied(headers), (error: unknown) => {
    assert.ok(error instanceof HeadlessHeaderError, `expected HeadlessHeaderError, got ${error}`);
    assert.equal(error.message, message);
    return true;
  });
}

Deno.test("applyHeadlessHeaders - X-Atmo-State and X-Suborbital-State both fill the state", () => {
  const coordinated = applied({
    "X-Atmo-State": JSON.stringify({ name: "ada", shared: "atmo" }),
    "X-Suborbital-State": JSON.stringify({ city: "london", shared: "suborbital" }),
  });
  assert.deepEqual(stateText(coordinated), { name: "ada", city: "london", shared: "suborbital" });
});

Deno.test("applyHeadlessHeaders - X-Atmo-Params and X-Suborbital-Params merge into params", () => {
  const coordinated = applied(
    {
      "X-Atmo-Params": JSON.stringify({ id: "7" }),
      "X-Suborbital-Params": JSON.stringify({ page: "2" }),
    },
    { existing: "kept" },
  );
  assert.deepEqual(coordinated.params, { existing: "kept", id: "7", page: "2" });
  assert.equal(coordinated.state.size, 0);
});

Deno.test("applyHeadlessHeaders - no headers or empty headers change nothing", () => {
  const coordinated = applied({ "X-Atmo-State": "", "X-Suborbital-Params": "" });
  assert.equal(coordinated.state.size, 0);
  assert.deepEqual(coordinated.params, {});
});

Deno.test("applyHeadlessHeaders - invalid JSON is refused, naming the header", () => {
  assertHeaderError({ "X-Atmo-State": "{name: ada}" }, "header x-atmo-state is not valid JSON");
  assertHeaderError({ "X-Suborbital-Params": "[" }, "header x-suborbital-params is not valid JSON");
});

Deno.test("applyHeadlessHeaders - a value that is not a JSON object is refused", () => {
  for (const value of ['["a"]', '"text"', "42", "null"]) {
    assertHeaderError({ "X-Atmo-Params": value }, "header x-atmo-params must be a JSON object");
  }
});

Deno.test("applyHeadlessHeaders - a member that is not a string is refused", () => {
  assertHeaderError(
    { "X-Suborbital-State": JSON.stringify({ ok: "yes", count: 3 }) },
    "header x-suborbital-state: value of count is not a string",
  );
  assertHeaderError(
    { "X-Atmo-State": JSON.stringify({ nested: { a: "b" } }) },
    "header x-atmo-state: value of nested is not a string",
  );
});

Deno.test("headlessResponseHeaders - echoes the request id under both spellings", () => {
  assert.deepEqual(headlessResponseHeaders("0c8a6a0e-1b2f-4c8e-9e44-9b1f1a7d0e11"), {
    "X-Atmo-Requestid": "0c8a6a0e-1b2f-4c8e-9e44-9b1f1a7d0e11",
    "X-Suborbital-Requestid": "0c8a6a0e-1b2f-4c8e-9e44-9b1f1a7d0e11",
  });
});
