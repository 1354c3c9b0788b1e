import assert from "node:assert/strict";
import { formatFQFN } from "./fqfn.ts";
import { checkHandlers, type HandlerEnvironment } from "./handlers.ts";
import { decodeFixture, lines } from "./test_utils.ts";

const environment: HandlerEnvironment = {
  connections: { nats: { serverAddress: "nats://n:4222" } },
  find: (fn) =>
    fn === "a" || fn === "b"
      ? { name: fn, namespace: "default", fqfn: formatFQFN("com.x", "default", fn, "v1") }
      : undefined,
};

function check(text: string) {
  const { raw, context, report } = decodeFixture(text);
  return { handlers: checkHandlers(raw.handlers, environment, context), report };
}

Deno.test("types valid request and stream handlers", () => {
  const { handlers, report } = check(
    "handlers:\n  - type: request\n    method: GET\n    resource: /hello/:name\n    timeout: 2.5\n" +
      "    steps: [{fn: a}]\n  - type: stream\n    source: nats\n    resource: user.login\n" +
      "    respondTo: user.done\n    steps: [{fn: b, as: out}]\n    response: out\n",
  );
  assert.deepEqual(handlers, [
    {
      type: "request",
      method: "GET",
      resource: "/hello/:name",
      timeout: 2.5,
      steps: [{ fn: "a", fqfn: "com.x#default::a@v1" }],
    },
    {
      type: "stream",
      source: "nats",
      resource: "user.login",
      respondTo: "user.done",
      response: "out",
      steps: [{ fn: "b", as: "out", fqfn: "com.x#default::b@v1" }],
    },
  ]);
  assert.deepEqual(lines(report), []);
});

Deno.test("reports Atmo's handler messages", () => {
  const { report } = check(
    "handlers:\n" +
      "  - type: request\n    resource: hello\n    respondTo: x\n    steps: [{fn: a}]\n" +
      "  - type: rpc\n    steps: [{fn: a}]\n" +
      "  - type: stream\n    resource: ws\n    steps: [{fn: a}]\n" +
      "  - type: stream\n    source: kafka\n    resource: t\n    steps: [{fn: a}]\n" +
      "  - type: stream\n    source: mqtt\n    resource: t\n    steps: [{fn: a}]\n" +
      "  - type: request\n    method: GET\n    resource: /empty\n" +
      "  - type: request\n    method: GET\n    resource: /group\n    steps: [{group: [{fn: a}]}]\n" +
      "  - type: request\n    method: GET\n    resource: /resp\n    steps: [{fn: a}]\n    response: b\n" +
      "  - type: request\n    method: GET\n    resource: /t\n    timeout: 0\n    steps: [{fn: a}]\n",
  );
  assert.deepEqual(lines(report), [
    "2:5: handler for resource hello has type 'request', but does not specify a method",
    "3:15: handler resource must begin with leading slash '/': hello",
    "4:16: handler for resource hello has type 'request', but defines a 'respondTo' field, which " +
    "only valid for type 'stream'",
    "6:5: handler at position 1 missing resource",
    "6:11: handler for resource  has invalid type, must be 'request' or 'stream'",
    "9:15: handler resource must begin with leading slash '/': ws",
    "12:13: handler for resource t references source kafka that is not configured",
    "16:13: handler for resource t references source mqtt that does not exist",
    "19:5: handler for resource /empty missing steps",
    "22:5: handler for GET /group has group as last step but does not include 'response' field",
    "30:15: handler for GET /resp lists response state key that does not exist: b",
    "34:14: handler for resource /t has timeout 0, but it must be a positive number of seconds",
  ]);
});

Deno.test("a stream source a plugin provides exists, without a connection", () => {
  const text = "handlers:\n  - type: stream\n    source: redis-pubsub\n    resource: in\n" +
    "    respondTo: out\n    steps: [{fn: a}]\n  - type: stream\n    source: mqtt\n" +
    "    resource: t\n    steps: [{fn: a}]\n";
  const { raw, context, report } = decodeFixture(text);
  const handlers = checkHandlers(
    raw.handlers,
    { ...environment, providedSource: (source) => source === "redis-pubsub" },
    context,
  );
  assert.deepEqual(handlers[0], {
    type: "stream",
    source: "redis-pubsub",
    resource: "in",
    respondTo: "out",
    steps: [{ fn: "a", fqfn: "com.x#default::a@v1" }],
  });
  assert.deepEqual(lines(report), [
    "8:13: handler for resource t references source mqtt that does not exist",
  ]);
});
