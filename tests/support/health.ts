/**
 * Test support: waiting for a connection's `/health` entry to turn healthy or unhealthy.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { ConnectionReport } from "../../plugin.ts";
import type { TestApp } from "./app.ts";

/**
 * Polls `/health` every 50 ms until the check `name` is `healthy` (fails after 10 s); asserts the
 * status that goes with it and returns the check.
 */
export async function checkBecomes(
  app: TestApp,
  name: string,
  healthy: boolean,
): Promise<ConnectionReport> {
  const deadline = Date.now() + 10_000;
  while (true) {
    const res = await app.request("/health");
    const check: ConnectionReport = JSON.parse(res.text).checks[name];
    if (check.healthy === healthy) {
      assert.equal(res.status, healthy ? 200 : 503);
      return check;
    }
    if (Date.now() > deadline) throw new Error(`${name} never became healthy=${healthy}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
