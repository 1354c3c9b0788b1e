/**
 * End-to-end: an Atmo bundle built the way Subo builds it (scripts/build/bundle.ts) is served exactly
 * like the project folder, in normal and headless mode, and 200 concurrent requests get their
 * own answers.
 */

import assert from "node:assert/strict";
import { unzipSync } from "fflate";
import { parse } from "yaml";
import { buildBundle } from "../../scripts/build/mod.ts";
import { startApp, type TestApp } from "../support/app.ts";
import { checkHelloRoutes } from "../support/hello_routes.ts";

const HELLO = new URL("../../examples/hello", import.meta.url).pathname;

async function bundlePath(): Promise<string> {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/runnables.wasm.zip`;
  await Deno.writeFile(path, await buildBundle(HELLO));
  return path;
}

Deno.test("bundle - has Subo's layout", async () => {
  const entries = unzipSync(await buildBundle(HELLO));
  const names = Object.keys(entries);
  assert.ok(names.includes("Directive.yaml"));
  assert.ok(names.includes("hello.wasm") && names.includes("get-file.wasm"));
  assert.ok(names.includes("static/hello.txt"));
  const directive = parse(new TextDecoder().decode(entries["Directive.yaml"]));
  const hello = directive.runnables.find((r: { name: string }) => r.name === "hello");
  assert.deepEqual(
    { fqfn: hello.fqfn, fqfnUri: hello.fqfnUri, namespace: hello.namespace },
    {
      fqfn: "com.stratos.hello#default::hello@v0.1.0",
      fqfnUri: "/com.stratos.hello/default/hello/v0.1.0",
      namespace: "default",
    },
  );
});

Deno.test("bundle - serves every route like the project folder", async (t) => {
  const app = await startApp(await bundlePath());
  try {
    await checkHelloRoutes(t, app);
    await t.step("200 concurrent requests get their own answers", () => concurrent(app));
  } finally {
    await app.stop();
  }
});

async function concurrent(app: TestApp): Promise<void> {
  const requests = Array.from({ length: 200 }, async (_, i) => {
    if (i % 2 === 0) {
      const res = await app.request(`/inspect/user${i}?lang=l${i}`, {
        method: "POST",
        headers: { "X-Greeting": `g${i}` },
        body: JSON.stringify({ message: `m${i}` }),
      });
      const body = JSON.parse(res.text);
      assert.deepEqual(
        [body.name, body.lang, body.greeting, body.message],
        [`user${i}`, `l${i}`, `g${i}`, `m${i}`],
      );
    } else {
      const res = await app.request("/shout", { method: "POST", body: `n${i}` });
      assert.equal(res.text, `HELLO N${i}!`);
    }
  });
  await Promise.all(requests);
}

Deno.test("bundle - headless mode serves each Runnable at its FQFN path", async () => {
  const app = await startApp(await bundlePath(), { headless: true });
  try {
    const hello = await app.request("/com.stratos.hello/default/hello/v0.1.0", {
      method: "POST",
      body: "headless",
    });
    assert.equal(hello.status, 200);
    assert.equal(hello.text, "hello headless");
    const id = hello.headers.get("x-atmo-requestid");
    assert.match(id ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(hello.headers.get("x-suborbital-requestid"), id);

    const shout = await app.request("/com.stratos.hello/default/shout/v0.1.0", {
      method: "POST",
      headers: { "X-Atmo-State": JSON.stringify({ text: "from state" }) },
    });
    assert.equal(shout.text, "FROM STATE!");

    const planet = await app.request("/com.stratos.hello/default/find-planet/v0.1.0", {
      method: "POST",
      headers: { "X-Suborbital-Params": JSON.stringify({ name: "mars" }) },
    });
    assert.deepEqual(JSON.parse(planet.text), { name: "mars", moons: 2 });

    const bad = await app.request("/com.stratos.hello/default/shout/v0.1.0", {
      method: "POST",
      headers: { "X-Atmo-State": "not json" },
    });
    assert.equal(bad.status, 400);
    assert.equal(
      (await app.request("/hello", { method: "POST" })).status,
      404,
      "handlers are not mounted",
    );
  } finally {
    await app.stop();
  }
});
