import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { importPlugin } from "./load.ts";
import type { LocatedManifest } from "./manifest.ts";
import { stratosError } from "../../tests/support/errors.ts";

/**
 * Writes a plugin folder whose entry `mod.js` holds `source` (none when `source` is undefined),
 * runs `fn` with its located manifest, then removes the folder. Each call uses a fresh folder, so
 * the module cache never serves an earlier test's entry.
 */
async function withPlugin(
  name: string,
  source: string | undefined,
  fn: (located: LocatedManifest) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stratos_load_test_" });
  try {
    if (source !== undefined) await Deno.writeTextFile(join(dir, "mod.js"), source);
    const located: LocatedManifest = {
      manifest: { name, version: "1.0.0", kernel: "^1", entry: "./mod.js" },
      url: pathToFileURL(join(dir, "plugin.json")),
      builtin: false,
      config: {},
    };
    await fn(located);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function assertInvalid(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, stratosError("STRATOS_ERR_PLUGIN_INVALID", pattern));
}

Deno.test("importPlugin - loads a valid plugin and returns its default export", async () => {
  const source = "export default { name: 'demo', setup() { return { started: true }; } };";
  await withPlugin("demo", source, async (located) => {
    const loaded = await importPlugin(located);
    assert.equal(loaded.located, located);
    assert.equal(loaded.plugin.name, "demo");
    assert.equal(typeof loaded.plugin.setup, "function");
  });
});

Deno.test("importPlugin - a missing entry cannot be imported", async () => {
  await withPlugin("gone", undefined, async (located) => {
    await assertInvalid(
      importPlugin(located),
      /^plugin 'gone' \(file:.*\/mod\.js\): cannot import entry: /,
    );
  });
});

Deno.test("importPlugin - an entry that throws while loading is invalid", async () => {
  await withPlugin("boom", "throw new Error('kaboom');", async (located) => {
    await assertInvalid(importPlugin(located), /cannot import entry: .*kaboom/);
  });
});

Deno.test("importPlugin - an entry without a default export is invalid", async () => {
  await withPlugin("nodefault", "export const plugin = { name: 'nodefault' };", async (located) => {
    await assertInvalid(importPlugin(located), /entry has no default export/);
  });
});

Deno.test("importPlugin - a plugin named unlike its manifest is invalid", async () => {
  const source = "export default { name: 'other', setup() {} };";
  await withPlugin("expected", source, async (located) => {
    await assertInvalid(
      importPlugin(located),
      /entry exports a plugin named 'other', but plugin\.json says 'expected'/,
    );
  });
});

Deno.test("importPlugin - a plugin whose setup is not a function is invalid", async () => {
  await withPlugin("nosetup", "export default { name: 'nosetup', setup: 42 };", async (located) => {
    await assertInvalid(importPlugin(located), /'setup' must be a function/);
  });
});

Deno.test("importPlugin - a manifest with its own loader is loaded through it", async () => {
  let calls = 0;
  const plugin = { name: "inline", setup() {} };
  const located: LocatedManifest = {
    manifest: { name: "inline", version: "1.0.0", kernel: "^1", entry: "./does-not-exist.ts" },
    url: new URL("file:///nowhere/inline/plugin.json"),
    builtin: true,
    config: {},
    load: () => {
      calls++;
      return Promise.resolve({ default: plugin });
    },
  };
  const loaded = await importPlugin(located);
  assert.equal(calls, 1);
  assert.equal(loaded.plugin, plugin);
});

Deno.test("importPlugin - a loader that rejects makes the plugin invalid", async () => {
  const located: LocatedManifest = {
    manifest: { name: "failing", version: "1.0.0", kernel: "^1", entry: "./mod.ts" },
    url: new URL("file:///nowhere/failing/plugin.json"),
    builtin: true,
    config: {},
    load: () => Promise.reject(new Error("no such module")),
  };
  await assertInvalid(importPlugin(located), /cannot import entry: no such module/);
});
