/**
 * Test support: the routes of examples/hello and what each must answer (its README), checked
 * against a running app, whatever it was loaded from (project folder or bundle).
 *
 * @module
 */

import assert from "node:assert/strict";
import type { TestApp } from "./app.ts";

/** FQFN of the hello Runnable. */
export const HELLO_FQFN = "com.stratos.hello#default::hello@v0.1.0";

/** Checks every route of examples/hello, one test step each. */
export async function checkHelloRoutes(t: Deno.TestContext, app: TestApp): Promise<void> {
  await t.step("POST /hello answers hello + body as octet-stream", async () => {
    const res = await app.request("/hello", { method: "POST", body: "world" });
    assert.equal(res.status, 200);
    assert.equal(res.text, "hello world");
    assert.equal(res.headers.get("content-type"), "application/octet-stream");
  });

  await t.step("POST /shout chains steps with as and with", async () => {
    const res = await app.request("/shout", { method: "POST", body: "world" });
    assert.equal(res.text, "HELLO WORLD!");
  });

  await t.step("POST /group runs a group and answers its response key", async () => {
    const res = await app.request("/group", { method: "POST", body: "world" });
    assert.equal(res.status, 200);
    assert.equal(res.text, "WORLD!");
  });

  await t.step("POST /pipeline runs three steps with a group in the middle", async () => {
    const res = await app.request("/pipeline", { method: "POST", body: "world" });
    assert.equal(res.status, 200);
    assert.equal(res.text, "HELLO WORLD!");
  });

  await t.step("GET /planets/:name returns the Runnable's 404 as JSON", async () => {
    const ok = await app.request("/planets/mars");
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(ok.text), { name: "mars", moons: 2 });
    assert.equal(ok.headers.get("content-type"), "application/json");
    const missing = await app.request("/planets/pluto");
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get("content-type"), "application/json");
    assert.deepEqual(JSON.parse(missing.text), { status: 404, message: "no planet named pluto" });
  });

  await t.step("GET /visit/:name continues after a 404 (onErr)", async () => {
    assert.equal((await app.request("/visit/mars")).text, "welcome to mars, it has 2 moon(s)");
    const pluto = await app.request("/visit/pluto");
    assert.equal(pluto.status, 200);
    assert.equal(pluto.text, "pluto is not a planet, staying on earth");
    assert.equal(pluto.headers.get("content-type"), "text/plain; charset=utf-8");
  });

  await t.step("GET /file/*file serves static files and 404s missing ones", async () => {
    const file = await app.request("/file/hello.txt");
    assert.equal(file.status, 200);
    assert.equal(file.text, "Hello from Stratos!\n");
    assert.equal(file.headers.get("content-type"), "text/plain; charset=utf-8");
    const missing = await app.request("/file/missing.txt");
    assert.equal(missing.status, 404);
    assert.deepEqual(JSON.parse(missing.text), { status: 404, message: "file does not exist" });
    const traversal = await app.request("/file/..%2F..%2FDirective.yaml");
    assert.equal(traversal.status, 404, "path traversal is refused");
  });

  await t.step("POST /set/:key then GET /get/:key uses the in-memory cache", async () => {
    const set = await app.request("/set/greeting?ttl=60", { method: "POST", body: "hi there" });
    assert.equal(set.text, "stored greeting for 60s");
    assert.equal((await app.request("/get/greeting")).text, "hi there");
    const missing = await app.request("/get/nothing");
    assert.equal(missing.status, 404);
    assert.deepEqual(JSON.parse(missing.text), { status: 404, message: "key not found" });
  });

  await t.step("POST /inspect reads every request field, sets a header and logs", async () => {
    const res = await app.request("/inspect/ada?lang=en", {
      method: "POST",
      headers: { "X-Greeting": "hi" },
      body: JSON.stringify({ message: "hello" }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-inspected-by"), "inspect");
    assert.deepEqual(JSON.parse(res.text), {
      method: "POST",
      url: "/inspect/ada?lang=en",
      name: "ada",
      lang: "en",
      greeting: "hi",
      message: "hello",
      note: "",
    });
    assert.ok(
      app.logs.some((l) => l.msg === "inspected POST /inspect/ada?lang=en" && l.request_id),
    );
  });

  await t.step("POST /rewrite changes fields for the next step", async () => {
    const res = await app.request("/rewrite/ada?lang=en", {
      method: "POST",
      headers: { "X-Greeting": "hi" },
      body: JSON.stringify({ message: "hello" }),
    });
    const body = JSON.parse(res.text);
    assert.equal(body.name, "ADA");
    assert.equal(body.greeting, "rewritten");
    assert.equal(body.message, "HELLO");
    assert.equal(body.note, "set by rewrite");
  });

  await t.step("routing: 404, 405 with Allow, trailing-slash redirect", async () => {
    const none = await app.request("/nope");
    assert.equal(none.status, 404);
    const wrong = await app.request("/hello");
    assert.equal(wrong.status, 405);
    assert.match(wrong.headers.get("allow") ?? "", /POST/);
    const slash = await fetch(app.url + "/planets/mars/", { redirect: "manual" });
    await slash.body?.cancel();
    assert.equal(slash.status, 301);
    assert.equal(slash.headers.get("location"), "/planets/mars");
  });

  await t.step("GET /health and /meta/metrics", async () => {
    const health = await app.request("/health");
    assert.equal(health.status, 200);
    assert.equal(JSON.parse(health.text).healthy, true);
    const metrics = JSON.parse((await app.request("/meta/metrics")).text);
    const hello = metrics.scheduler.workers[HELLO_FQFN];
    assert.ok(hello.threadCount >= 1);
    assert.ok(metrics.modules[HELLO_FQFN].invocations >= 3);
  });
}
