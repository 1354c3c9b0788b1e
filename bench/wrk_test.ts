import assert from "node:assert/strict";
import { parseWrk, toMillis } from "./wrk.ts";

Deno.test("parseWrk - reads rps, percentiles and errors", () => {
  const out = `Running 5s test @ http://127.0.0.1:9000/
  1 threads and 50 connections
  Latency Distribution
     50%  805.00us
     75%    1.20ms
     90%    2.00ms
     99%    4.51ms
  200000 requests in 5.00s, 20.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:  40774.58
`;
  assert.deepEqual(parseWrk(out), {
    rps: 40774.58,
    p50: 0.805,
    p99: 4.51,
    errors: 7,
    requests: 200000,
  });
});

Deno.test("toMillis - converts wrk units", () => {
  assert.equal(toMillis("2.00s"), 2000);
  assert.equal(toMillis("1.5ms"), 1.5);
  assert.throws(() => toMillis("fast"));
});
