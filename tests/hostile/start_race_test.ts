/**
 * Requests that arrive while the app starts with `--workers 2`: `/health` and a handler are
 * hammered from the moment the port opens, while the replica isolate is still setting up. None
 * may get a 500 (once `/health` answered 500 "no plugin serves link topic 'kernel.health'": the
 * primary asked a replica that did not serve its topics yet); a 503 must carry `Retry-After`.
 */

import assert from "node:assert/strict";
import { spinApp } from "../support/spin_app.ts";
import { startStratos } from "../support/stratos_process.ts";

/**
 * A free port below the kernel's range of local ports: a client connecting to a port of that
 * range before anything listens on it may be given the same port as its own and connect to
 * itself, which would then hold the port.
 */
function freeLowPort(): number {
  for (let port = 20_000 + Math.floor(Math.random() * 10_000);; port++) {
    try {
      Deno.listen({ hostname: "127.0.0.1", port }).close();
      return port;
    } catch { /* taken: the next one */ }
  }
}

/** One answer, or `refused` before the port opened. */
interface Outcome {
  path: string;
  status: number | "refused";
  retryAfter: string | null;
  text: string;
}

/** Sends `path` again and again on fresh connections until `done()`. */
async function hammer(
  url: string,
  path: string,
  init: RequestInit,
  done: () => boolean,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  while (!done()) {
    const client = Deno.createHttpClient({});
    try {
      const response = await fetch(url + path, { ...init, client });
      const retryAfter = response.headers.get("retry-after");
      outcomes.push({ path, status: response.status, retryAfter, text: await response.text() });
    } catch {
      outcomes.push({ path, status: "refused", retryAfter: null, text: "" });
      await new Promise((resolve) => setTimeout(resolve, 5));
    } finally {
      client.close();
    }
  }
  return outcomes;
}

Deno.test("start race - during start with --workers 2, /health and a handler never answer 500", async () => {
  const dir = await spinApp();
  const all: Outcome[] = [];
  // Each start has one window while the replica sets up; three starts, three windows.
  for (let round = 0; round < 3; round++) {
    const port = freeLowPort();
    const url = `http://127.0.0.1:${port}`;
    let stopAt = Infinity;
    const done = () => performance.now() > stopAt;
    const starting = startStratos(dir, {}, ["--port", String(port), "--workers", "2"]);
    const hammers = Promise.all([
      hammer(url, "/health", {}, done),
      hammer(url, "/health", {}, done),
      hammer(url, "/hello", { method: "POST", body: "x" }, done),
      hammer(url, "/hello", { method: "POST", body: "x" }, done),
    ]);
    // Once started, a second more of serving with both isolates.
    const proc = await starting.finally(() => stopAt = performance.now() + 1000);
    try {
      assert.equal(proc.url, url);
      all.push(...(await hammers).flat());
    } finally {
      assert.equal(await proc.stop(), 0);
    }
  }
  const failed = all.filter((o) =>
    o.status !== "refused" && o.status !== 200 && !(o.status === 503 && o.retryAfter !== null)
  );
  assert.deepEqual(failed, [], "answers other than 200 (or 503 with Retry-After)");
  for (const path of ["/health", "/hello"]) {
    const ok = all.filter((o) => o.path === path && o.status === 200);
    assert.ok(ok.length >= 30, `only ${ok.length} answers of ${path}`);
    const expected = path === "/health" ? '{"healthy":true}' : "hello x";
    assert.ok(ok.every((o) => o.text === expected), `an answer of ${path} was not ${expected}`);
  }
});
