/**
 * Reloading a running app with SIGHUP (two isolates, as by default on two cores): a replaced
 * module serves every new request while clients keep sending, no request fails, the process
 * stays the same, and an invalid replacement is refused and logged while the old version keeps
 * serving.
 */

import assert from "node:assert/strict";
import { greetingModule } from "../support/greeting.ts";
import { helloApp } from "../support/hello_app.ts";
import { startStratos } from "../support/stratos_process.ts";

const DIRECTIVE = `identifier: com.stratos.reload
appVersion: v0.1.0
atmoVersion: v0.4.7
handlers:
  - type: request
    resource: /hello
    method: POST
    steps:
      - fn: hello
`;

/** Clients sending `POST /hello` in a loop until stopped; every answer is recorded. */
function clients(url: string, count: number) {
  const answers: { status: number; text: string }[] = [];
  const errors: string[] = [];
  let running = true;
  const loops = Array.from({ length: count }, async (_, i) => {
    while (running) {
      try {
        const response = await fetch(`${url}/hello`, { method: "POST", body: `client${i}` });
        answers.push({ status: response.status, text: await response.text() });
      } catch (error) {
        errors.push(String(error));
      }
    }
  });
  return {
    answers,
    errors,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

Deno.test("reload - SIGHUP swaps a replaced module in under load with no failed request", async () => {
  const dir = await helloApp(DIRECTIVE, ["hello"]);
  const proc = await startStratos(dir, {}, ["--workers", "2"]);
  const load = clients(proc.url, 8);
  try {
    await new Promise((r) => setTimeout(r, 500));
    await Deno.writeFile(`${dir}/hello.wasm`, await greetingModule("bonjour"));
    Deno.kill(proc.pid, "SIGHUP");
    const reloaded = JSON.parse(await proc.waitForLine(/reloaded: this version serves now/));
    assert.match(reloaded.version, /^com\.stratos\.reload v0\.1\.0 \([0-9a-f]{8}\)$/);
    await new Promise((r) => setTimeout(r, 500));
    await load.stop();
    assert.ok(load.answers.length > 200, `${load.answers.length} answers: the load ran`);
    assert.deepEqual(load.errors, [], "no request failed");
    assert.ok(load.answers.every((a) => a.status === 200), "every answer is a 200");
    const greetings = new Set(load.answers.map((a) => a.text.split(" ")[0]));
    assert.deepEqual([...greetings].sort(), ["bonjour", "hello"]);
    assert.match(load.answers.at(-1)!.text, /^bonjour client\d$/);
    // New connections land on either isolate: both serve the new version.
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${proc.url}/hello`, {
        method: "POST",
        body: "fresh",
        headers: { connection: "close" },
      });
      assert.equal(await response.text(), "bonjour fresh");
    }
  } finally {
    await load.stop();
    await proc.stop();
  }
});

Deno.test("reload - an invalid replacement is refused and logged; the old version serves on", async () => {
  const dir = await helloApp(DIRECTIVE, ["hello"]);
  const proc = await startStratos(dir, {}, ["--workers", "2"]);
  try {
    await Deno.writeTextFile(`${dir}/Directive.yaml`, DIRECTIVE.replace("fn: hello", "fn: gone"));
    Deno.kill(proc.pid, "SIGHUP");
    const refused = JSON.parse(await proc.waitForLine(/reload refused/));
    assert.match(refused.error, /Directive\.yaml:\d+:\d+: .*gone/);
    assert.match(refused.version, /^com\.stratos\.reload v0\.1\.0 /);
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${proc.url}/hello`, {
        method: "POST",
        body: "still",
        headers: { connection: "close" },
      });
      assert.equal(await response.text(), "hello still");
    }
  } finally {
    assert.equal(await proc.stop(), 0);
  }
});
