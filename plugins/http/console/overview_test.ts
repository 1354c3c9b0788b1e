import assert from "node:assert/strict";
import type { PluginContext } from "../../../plugin.ts";
import { appOverview } from "./overview.ts";

const directive = {
  identifier: "com.x",
  appVersion: "v1",
  atmoVersion: "v0.4.7",
  runnables: [{ name: "a", namespace: "default", fqfn: "com.x#default::a@v1" }],
  handlers: [
    { type: "request", method: "POST", resource: "/a", steps: [{ fn: "a", fqfn: "f-a" }] },
    {
      type: "stream",
      source: "nats",
      resource: "subj",
      steps: [{ group: [{ fn: "a", fqfn: "f-a" }] }],
    },
  ],
  schedules: [{ name: "tick", every: { seconds: 5 }, steps: [{ fn: "a", fqfn: "f-a" }] }],
};
const down = {
  healthy: false,
  state: "down",
  since: "2026-01-01T00:00:00.000Z",
  address: "nats://secret@host:4222",
  lastError: "connection refused by 10.0.0.7",
};

function context(healthDetails: boolean): PluginContext {
  return {
    directive,
    options: { healthDetails, headless: false },
    health: () => Promise.resolve({ nats: down, custom: { healthy: true, detail: "x" } }),
  } as unknown as PluginContext;
}

Deno.test("appOverview - handlers with their steps, Runnables, schedules, checks", async () => {
  const overview = await appOverview(context(false));
  assert.equal(overview.identifier, "com.x");
  assert.deepEqual(overview.handlers.map((h) => [h.source, h.method, h.resource]), [
    ["http", "POST", "/a"],
    ["nats", undefined, "subj"],
  ]);
  assert.deepEqual(overview.handlers[1].steps, [{ group: [{ fn: "a", fqfn: "f-a" }] }]);
  assert.deepEqual(overview.runnables, [{ name: "a", fqfn: "com.x#default::a@v1" }]);
  assert.deepEqual(overview.schedules[0].every, { seconds: 5 });
});

Deno.test("appOverview - addresses and errors only under --health-details", async () => {
  const hidden = await appOverview(context(false));
  assert.deepEqual(hidden.checks, {
    nats: { healthy: false, state: "down", since: down.since },
    custom: { healthy: true },
  });
  const shown = await appOverview(context(true));
  assert.equal(shown.checks.nats.lastError, down.lastError);
});
