import assert from "node:assert/strict";
import { OutboundError, Redactor } from "../lib/outbound/mod.ts";
import { graphqlResult, renderPath } from "./graphql_response.ts";

const none = new Redactor([]);
const body = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function failsWith(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof OutboundError);
    assert.equal(error.message, message);
    return true;
  });
}

Deno.test("graphqlResult - data as Go encodes it, empty errors left out", () => {
  assert.equal(
    graphqlResult(200, body({ data: { z: "<b>", a: [1] }, errors: [] }), none),
    '{"data":{"a":[1],"z":"\\u003cb\\u003e"}}',
  );
  assert.equal(graphqlResult(200, body({}), none), '{"data":null}');
});

Deno.test("graphqlResult - HTTP and GraphQL errors in Atmo's words", () => {
  failsWith(
    () => graphqlResult(502, new TextEncoder().encode("<html>bad gateway</html>"), none),
    "non-200 HTTP response code; <html>bad gateway</html>",
  );
  failsWith(
    () =>
      graphqlResult(
        200,
        body({
          data: null,
          errors: [{ message: "boom", path: ["user", 0, "name"] }, { message: "second" }],
        }),
        none,
      ),
    "graphQL error; path: user.0.name, message: boom",
  );
  failsWith(
    () => graphqlResult(200, body({ errors: [{ message: "Syntax Error" }] }), none),
    "graphQL error; path: , message: Syntax Error",
  );
});

Deno.test("graphqlResult - answers that are not a GraphQL response", () => {
  assert.throws(
    () => graphqlResult(200, new TextEncoder().encode("not json"), none),
    /^OutboundError: failed to Unmarshal response: /,
  );
  failsWith(
    () => graphqlResult(200, body([1]), none),
    "failed to Unmarshal response: cannot unmarshal array into a GraphQL response",
  );
  failsWith(
    () => graphqlResult(200, body({ data: "x" }), none),
    "failed to Unmarshal response: cannot unmarshal string into the field data",
  );
});

Deno.test("graphqlResult - secrets in the data are redacted however they were escaped", () => {
  const redactor = new Redactor(["s3cret"]);
  const escaped = new TextEncoder().encode('{"data":{"who":"bearer \\u0073\\u0033cret"}}');
  assert.equal(graphqlResult(200, escaped, redactor), '{"data":{"who":"bearer [REDACTED]"}}');
});

Deno.test("renderPath", () => {
  assert.equal(renderPath(["a", 1, "b"]), "a.1.b");
  assert.equal(renderPath("a.b"), "a.b");
  assert.equal(renderPath(undefined), "");
});
