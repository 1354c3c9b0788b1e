/**
 * End-to-end: the live console at `/_stratos/`, in real headless Chromium (Debian's `chromium`,
 * installed by the test infrastructure when missing) driven with playwright-core. The page shows
 * the app's handlers, Runnables and connections; requests sent to the app (to either of its two
 * isolates) appear with their steps, host calls, status, errors and log lines, and the page loads
 * nothing from anywhere else. Off unless asked for.
 */

import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { ensureTool } from "../infra/mod.ts";
import { startApp } from "../support/app.ts";
import { startStratos } from "../support/stratos_process.ts";

const HELLO = new URL("../../examples/hello", import.meta.url).pathname;
/** How long the page may take to show something (it polls every second). */
const SHOWN_MS = 15_000;

Deno.test("console - off unless asked for", async () => {
  const app = await startApp(HELLO);
  try {
    assert.equal((await app.request("/_stratos/")).status, 404);
    assert.equal((await app.request("/_stratos/api/requests")).status, 404);
  } finally {
    await app.stop();
  }
});

Deno.test("console - in headless Chromium: the app, and requests live with their steps", async (t) => {
  const executablePath = await ensureTool("chromium");
  const stratos = await startStratos(HELLO, {}, ["--console", "--workers", "2"]);
  const profile = await Deno.makeTempDir({ prefix: "stratos-chromium-" });
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const origins = new Set<string>();
  const send = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${stratos.url}${path}`, {
      ...init,
      headers: { connection: "close", ...init.headers },
    });
    await res.body?.cancel();
    return res.headers.get("x-request-id")!;
  };
  try {
    const earlier = await send("/hello", { method: "POST", body: "before" });
    const page = await browser.newPage();
    page.on("request", (request) => origins.add(new URL(request.url()).origin));
    const loaded = await page.goto(`${stratos.url}/_stratos/`);
    assert.equal(loaded?.status(), 200);

    await t.step("the app's handlers and Runnables are listed", async () => {
      await page.locator('[data-handler="/pipeline"]').waitFor({ timeout: SHOWN_MS });
      assert.match(await page.locator('[data-handler="/pipeline"]').innerText(), /hello/);
      await page.locator('[data-runnable="find-planet"]').waitFor({ timeout: SHOWN_MS });
      assert.match(await page.locator("#app-name").innerText(), /com\.stratos\.hello v0\.1\.0/);
    });

    await t.step("a request sent before the page opened is there", async () => {
      await page.locator(`details[data-request-id="${earlier}"]`).waitFor({ timeout: SHOWN_MS });
    });

    await t.step("requests appear live, with their steps and host calls", async () => {
      const ids: Record<string, string> = {};
      ids.pipeline = await send("/pipeline", { method: "POST", body: "x" });
      ids.missing = await send("/planets/pluto");
      ids.cache = await send("/get/none");
      ids.inspect = await send("/inspect/ada", {
        method: "POST",
        body: "{}",
        headers: { "X-Request-Id": "console-inspect" },
      });
      for (let i = 0; i < 6; i++) await send("/hello", { method: "POST", body: String(i) });
      const row = (id: string) => page.locator(`details[data-request-id="${id}"]`);
      for (const id of Object.values(ids)) await row(id).waitFor({ timeout: SHOWN_MS });

      const pipeline = row(ids.pipeline);
      assert.equal(await pipeline.getAttribute("data-name"), "POST /pipeline");
      assert.equal(await pipeline.getAttribute("data-status"), "200");
      await pipeline.locator("summary").click();
      const names = await pipeline.locator(".span").evaluateAll((nodes) =>
        nodes.map((n) => `${n.getAttribute("data-depth")}:${n.getAttribute("data-span-name")}`)
      );
      assert.deepEqual(names, [
        "0:POST /pipeline",
        "1:hello",
        "1:group",
        "2:shout",
        "2:hello",
        "1:shout",
      ]);
      assert.match(
        await pipeline.locator('.span[data-span-name="hello"]').first().innerText(),
        /stratos\.fqfn=com\.stratos\.hello#default::hello@v0\.1\.0/,
      );

      const missing = row(ids.missing);
      assert.equal(await missing.getAttribute("data-status"), "404");
      await missing.locator("summary").click();
      assert.match(await missing.innerText(), /find-planet/);

      const cache = row(ids.cache);
      await cache.locator("summary").click();
      const call = cache.locator('.span[data-span-name="cache_get"]');
      assert.equal(await call.getAttribute("data-depth"), "2", "the host call is under its step");
      assert.match(await call.innerText(), /stratos\.cache\.hit=false/);

      const inspect = row("console-inspect");
      await inspect.locator("summary").click();
      assert.match(await inspect.locator(".logs").innerText(), /inspected POST \/inspect\/ada/);
    });

    await t.step("requests served by both isolates are shown", async () => {
      const served = stratos.lines.filter((l) => l.includes('"path":"/hello"'));
      assert.ok(served.some((l) => l.includes('"isolate":1')), "the replica served some");
      for (const line of served) {
        const id = JSON.parse(line).request_id;
        await page.locator(`details[data-request-id="${id}"]`).waitFor({ timeout: SHOWN_MS });
      }
    });

    await t.step("the filter narrows the list", async () => {
      await page.fill("#filter", "planets");
      const visible = await page.locator("details.request:visible").evaluateAll((nodes) =>
        nodes.map((n) => n.getAttribute("data-name"))
      );
      assert.deepEqual(visible, ["GET /planets/:name"]);
    });

    assert.deepEqual([...origins], [new URL(stratos.url).origin], "nothing from elsewhere");
  } finally {
    await browser.close();
    await stratos.stop();
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
});
