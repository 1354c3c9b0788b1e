import assert from "node:assert/strict";
import { join } from "node:path";
import { zipSync } from "fflate";
import { StratosError } from "../errors.ts";
import { openApp } from "./mod.ts";

const encoder = new TextEncoder();
const DIRECTIVE = "identifier: com.example.test\nappVersion: v0.1.0\natmoVersion: v0.4.7\n";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stratos_openapp_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function bundleBytes(): Uint8Array {
  return zipSync({
    "Directive.yaml": encoder.encode(DIRECTIVE),
    "hello.wasm": new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
  });
}

Deno.test("openApp - a folder holding only runnables.wasm.zip opens the bundle", async () => {
  await withTempDir(async (dir) => {
    const bundle = join(dir, "runnables.wasm.zip");
    await Deno.writeFile(bundle, bundleBytes());
    const app = await openApp(dir);
    assert.equal(app.kind, "bundle");
    assert.equal(app.location, bundle);
    assert.equal(app.directive.text, DIRECTIVE);
    assert.deepEqual(app.modules.map((m) => m.name), ["hello"]);
  });
});

Deno.test("openApp - a trailing slash on the folder still finds runnables.wasm.zip", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(join(dir, "runnables.wasm.zip"), bundleBytes());
    const app = await openApp(`${dir}/`);
    assert.equal(app.kind, "bundle");
    assert.equal(app.location, `${dir}/runnables.wasm.zip`);
  });
});

Deno.test("openApp - a bundle file path opens the bundle", async () => {
  await withTempDir(async (dir) => {
    const bundle = join(dir, "app.wasm.zip");
    await Deno.writeFile(bundle, bundleBytes());
    const app = await openApp(bundle);
    assert.equal(app.kind, "bundle");
    assert.equal(app.directive.path, `${bundle}/Directive.yaml`);
  });
});

Deno.test("openApp - a folder with a Directive is a project, even next to a bundle", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "Directive.yaml"), DIRECTIVE);
    await Deno.writeFile(join(dir, "runnables.wasm.zip"), bundleBytes());
    const app = await openApp(dir);
    assert.equal(app.kind, "project");
    assert.equal(app.directive.path, join(dir, "Directive.yaml"));
  });
});

Deno.test("openApp - a missing path is reported as app not found", async () => {
  await withTempDir(async (dir) => {
    const missing = join(dir, "nowhere");
    await assert.rejects(openApp(missing), (error: unknown) => {
      assert.ok(error instanceof StratosError);
      assert.equal(error.code, "STRATOS_ERR_APP_NOT_FOUND");
      assert.equal(error.message, `${missing} does not exist`);
      return true;
    });
  });
});

Deno.test("openApp - an empty folder is reported as app not found", async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(openApp(dir), (error: unknown) => {
      assert.ok(error instanceof StratosError);
      assert.equal(error.code, "STRATOS_ERR_APP_NOT_FOUND");
      assert.match(error.message, /has no Directive\.yaml/);
      return true;
    });
  });
});
