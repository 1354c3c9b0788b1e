import assert from "node:assert/strict";
import { createLogger, REQUEST_ID_HEADER } from "../../plugin.ts";
import { Exchange } from "./exchange.ts";

const TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

function logger() {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: createLogger({ level: "info", sink: (l) => lines.push(JSON.parse(l)) }) };
}

Deno.test("Exchange - keeps a fit X-Request-Id and puts it on the response", () => {
  const exchange = new Exchange(
    new Request("http://x/a?b=1", { headers: { "x-request-id": "client-42" } }),
  );
  assert.equal(exchange.id, "client-42");
  const response = exchange.answer(new Response("ok"));
  assert.equal(response.headers.get(REQUEST_ID_HEADER), "client-42");
});

Deno.test("Exchange - an unfit X-Request-Id is replaced", () => {
  const exchange = new Exchange(
    new Request("http://x/", { headers: { "x-request-id": "a b".repeat(100) } }),
  );
  assert.match(exchange.id, /^[0-9a-f-]{36}$/);
});

Deno.test("Exchange.log - one line at info with the request's facts; a 5xx at error", () => {
  const { lines, log } = logger();
  const ok = new Exchange(
    new Request("http://x/hello?q=1", { method: "POST", headers: { traceparent: TRACEPARENT } }),
  );
  ok.log(log, 200);
  const failed = new Exchange(new Request("http://x/boom"));
  failed.error = { code: 500, message: "trap" };
  failed.log(log, 500);
  assert.equal(lines.length, 2);
  const [first, second] = lines;
  assert.equal(first.level, "info");
  assert.equal(first.msg, "request");
  assert.equal(first.method, "POST");
  assert.equal(first.path, "/hello");
  assert.equal(first.status, 200);
  assert.equal(first.request_id, ok.id);
  assert.equal(first.trace_id, "0af7651916cd43dd8448eb211c80319c");
  assert.equal(typeof first.duration_ms, "number");
  assert.equal(second.level, "error");
  assert.deepEqual(second.error, { code: 500, message: "trap" });
  assert.equal(second.trace_id, undefined);
});

Deno.test("Exchange.log - nothing at all when the level is above info", () => {
  const lines: string[] = [];
  const log = createLogger({ level: "warn", sink: (l) => lines.push(l) });
  new Exchange(new Request("http://x/")).log(log, 404);
  assert.deepEqual(lines, []);
});
