/**
 * End-to-end: the Go examples (examples/go) on Stratos: the Go port answers every route of
 * examples/hello exactly like the AssemblyScript Runnables, and the examples/go project folder
 * answers what its README says, as a folder and as an Atmo bundle.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { buildBundle } from "../../scripts/build/mod.ts";
import { startApp, type TestApp } from "../support/app.ts";
import { copy } from "../support/copy.ts";
import { checkHelloRoutes } from "../support/hello_routes.ts";
import { GO_EXAMPLE_NAMES, GO_EXAMPLES } from "./support.ts";

const HELLO = new URL("../../examples/hello/", import.meta.url);

Deno.test("the Go examples answer every route of examples/hello like its AssemblyScript Runnables", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "stratos-go-hello-" });
  try {
    await Deno.copyFile(new URL("Directive.yaml", HELLO), join(dir, "Directive.yaml"));
    await copy(new URL("static", HELLO).pathname, join(dir, "static"));
    for (const name of GO_EXAMPLE_NAMES) {
      await Deno.copyFile(join(GO_EXAMPLES, name, `${name}.wasm`), join(dir, `${name}.wasm`));
    }
    const app = await startApp(dir);
    try {
      await checkHelloRoutes(t, app);
    } finally {
      await app.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Checks the answers listed in examples/go/README.md. */
async function checkReadme(t: Deno.TestContext, app: TestApp): Promise<void> {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    app.request(path, { method: "POST", body, headers });

  await t.step("hello, shout and group", async () => {
    assert.equal((await post("/hello", "world")).text, "hello world");
    assert.equal((await post("/shout", "world")).text, "HELLO WORLD!");
    assert.equal((await post("/group", "world")).text, "WORLD!");
  });

  await t.step("planets: a Runnable error with a code, and onErr", async () => {
    assert.equal((await app.request("/planets/mars")).text, '{"name":"mars","moons":2}');
    const pluto = await app.request("/planets/pluto");
    assert.equal(pluto.status, 404);
    assert.equal(pluto.text, '{"status":404,"message":"no planet named pluto"}');
    assert.equal((await app.request("/visit/mars")).text, "welcome to mars, it has 2 moon(s)");
    assert.equal(
      (await app.request("/visit/pluto")).text,
      "pluto is not a planet, staying on earth",
    );
  });

  await t.step("static files", async () => {
    const file = await app.request("/file/hello.txt");
    assert.equal(file.text, "Hello from a Go Runnable!\n");
    assert.equal(file.headers.get("content-type"), "text/plain; charset=utf-8");
    const missing = await app.request("/file/nope.txt");
    assert.equal(missing.status, 404);
    assert.equal(missing.text, '{"status":404,"message":"file does not exist"}');
  });

  await t.step("the cache", async () => {
    assert.equal((await post("/set/k?ttl=60", "v")).text, "stored k for 60s");
    assert.equal((await app.request("/get/k")).text, "v");
    assert.equal(
      (await app.request("/get/nothing")).text,
      '{"status":404,"message":"key not found"}',
    );
    const badTtl = await post("/set/k?ttl=soon", "v");
    assert.equal(badTtl.status, 400);
    assert.equal(
      badTtl.text,
      '{"status":400,"message":"ttl must be a number of seconds, not \\"soon\\""}',
    );
  });

  await t.step("inspect and rewrite", async () => {
    const init = { "X-Greeting": "hi" };
    const inspected = await post("/inspect/ada?lang=en", '{"message":"hello"}', init);
    assert.equal(inspected.headers.get("x-inspected-by"), "inspect");
    assert.equal(
      inspected.text,
      '{"method":"POST","url":"/inspect/ada?lang=en","name":"ada","lang":"en","greeting":"hi",' +
        '"message":"hello","note":""}',
    );
    const rewritten = await post("/rewrite/ada?lang=en", '{"message":"hello"}', init);
    assert.equal(
      rewritten.text,
      '{"method":"POST","url":"/rewrite/ada?lang=en","name":"ADA","lang":"en",' +
        '"greeting":"rewritten","message":"HELLO","note":"set by rewrite"}',
    );
    const notText = await post("/inspect/ada", '{"message":42}');
    assert.equal(notText.status, 400);
    assert.equal(
      JSON.parse(notText.text).message,
      "request body value message is not a string",
    );
  });
}

Deno.test("examples/go serves the answers of its README", async (t) => {
  const app = await startApp(GO_EXAMPLES);
  try {
    await checkReadme(t, app);
  } finally {
    await app.stop();
  }
});

Deno.test("examples/go runs the same from an Atmo bundle", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "stratos-go-bundle-" });
  try {
    const bundle = join(dir, "runnables.wasm.zip");
    await Deno.writeFile(bundle, await buildBundle(GO_EXAMPLES));
    const app = await startApp(bundle);
    try {
      await checkReadme(t, app);
    } finally {
      await app.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
