/**
 * End-to-end: invocations of a module wait in a bounded queue for a free instance; past the
 * queue they get 503 with Retry-After at once.
 */

import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { SLOW_PLUGIN, slowApp } from "../support/slow_app.ts";

Deno.test("backpressure - excess invocations wait, and past the queue get 503 + Retry-After", async () => {
  const dir = await slowApp();
  const app = await startApp(dir, {
    plugins: [SLOW_PLUGIN],
    maxInstances: 1,
    maxQueue: 2,
  });
  try {
    const started = performance.now();
    // 20 × 10 ms each: one runs, two wait, the fourth is refused.
    const responses = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          fetch(app.url + "/slow", { method: "POST", body: new Uint8Array([20]) })
            .then(async (r) => ({
              status: r.status,
              retry: r.headers.get("retry-after"),
              at: performance.now() - started,
              body: await r.arrayBuffer(),
            })),
      ),
    );
    const ok = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 503);
    assert.equal(ok.length, 3);
    assert.equal(refused.length, 1);
    assert.equal(refused[0].retry, "1");
    assert.ok(refused[0].at < 150, `refused at once, not after waiting (${refused[0].at} ms)`);
    assert.ok(
      Math.max(...ok.map((r) => r.at)) >= 550,
      "the three accepted ones ran one after the other",
    );
  } finally {
    await app.stop();
  }
});
