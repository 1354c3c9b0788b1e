import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { StratosError } from "../errors.ts";
import { BUILTIN_PLUGINS } from "../../builtin_plugins.ts";
import { builtinManifests, manifestURL, referencedManifest } from "./discover.ts";

const BASE = new URL("file:///work/app/");

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stratos_discover_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function folderURL(dir: string): URL {
  return pathToFileURL(dir + "/");
}

Deno.test("manifestURL - a folder path points at its plugin.json", () => {
  assert.equal(
    manifestURL("./plugins/mine", BASE).href,
    "file:///work/app/plugins/mine/plugin.json",
  );
  assert.equal(
    manifestURL("plugins/mine/", BASE).href,
    "file:///work/app/plugins/mine/plugin.json",
  );
  assert.equal(manifestURL("/opt/mine", BASE).href, "file:///opt/mine/plugin.json");
});

Deno.test("manifestURL - a path to a .json file is used as is", () => {
  assert.equal(
    manifestURL("./mine/plugin.json", BASE).href,
    "file:///work/app/mine/plugin.json",
  );
  assert.equal(manifestURL("mine/custom.json", BASE).href, "file:///work/app/mine/custom.json");
});

Deno.test("manifestURL - paths are relative to the base, parent folders included", () => {
  assert.equal(manifestURL("../shared/p", BASE).href, "file:///work/shared/p/plugin.json");
  assert.equal(
    manifestURL("p", new URL("file:///srv/x/")).href,
    "file:///srv/x/p/plugin.json",
  );
});

Deno.test("manifestURL - http(s) and file URLs ignore the base", () => {
  assert.equal(
    manifestURL("https://example.com/plugins/mine", BASE).href,
    "https://example.com/plugins/mine/plugin.json",
  );
  assert.equal(
    manifestURL("http://example.com/p/plugin.json", BASE).href,
    "http://example.com/p/plugin.json",
  );
  assert.equal(manifestURL("file:///opt/p", BASE).href, "file:///opt/p/plugin.json");
});

Deno.test("referencedManifest - reads a plugin folder as a user plugin with its config", async () => {
  await withTempDir(async (dir) => {
    const manifest = { name: "mine", version: "0.1.0", kernel: "^1", entry: "./mod.ts" };
    await Deno.writeTextFile(join(dir, "plugin.json"), JSON.stringify(manifest));
    const located = await referencedManifest(dir, new URL("file:///"), { greeting: "hi" });
    assert.deepEqual(located.manifest, manifest);
    assert.equal(located.url.href, new URL("plugin.json", folderURL(dir)).href);
    assert.equal(located.builtin, false);
    assert.deepEqual(located.config, { greeting: "hi" });
  });
});

Deno.test("referencedManifest - a relative reference resolves against the base", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(join(dir, "p"));
    await Deno.writeTextFile(
      join(dir, "p", "plugin.json"),
      JSON.stringify({ name: "rel", version: "1.0.0", kernel: "^1", entry: "./mod.ts" }),
    );
    const located = await referencedManifest("./p", folderURL(dir));
    assert.equal(located.manifest.name, "rel");
    assert.deepEqual(located.config, {});
  });
});

Deno.test("referencedManifest - a missing folder is reported as not found", async () => {
  await withTempDir(async (dir) => {
    const base = folderURL(dir);
    await assert.rejects(referencedManifest("./nothing-here", base), (error: unknown) => {
      assert.ok(error instanceof StratosError);
      assert.equal(error.code, "STRATOS_ERR_PLUGIN_NOT_FOUND");
      assert.equal(
        error.message,
        `plugin './nothing-here' not found: no plugin.json at ${base.href}nothing-here/plugin.json`,
      );
      return true;
    });
  });
});

Deno.test("referencedManifest - a file where a folder is expected is reported as not found", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "notes.txt"), "not a plugin");
    await assert.rejects(
      referencedManifest("notes.txt", folderURL(dir)),
      (error: unknown) =>
        error instanceof StratosError && error.code === "STRATOS_ERR_PLUGIN_NOT_FOUND",
    );
  });
});

Deno.test("referencedManifest - an invalid plugin.json is reported as an invalid manifest", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "plugin.json"), JSON.stringify({ name: "x" }));
    await assert.rejects(referencedManifest(dir, new URL("file:///")), (error: unknown) => {
      assert.ok(error instanceof StratosError);
      assert.equal(error.code, "STRATOS_ERR_PLUGIN_MANIFEST_INVALID");
      assert.ok(error.message.includes("plugin.json"), error.message);
      return true;
    });
  });
});

Deno.test("builtinManifests - lists the shipped built-in plugins, all marked built-in", () => {
  const found = builtinManifests(BUILTIN_PLUGINS);
  const names = found.map((l) => l.manifest.name);
  for (const name of ["http", "cache", "request", "log", "file", "response"]) {
    assert.ok(names.includes(name), `missing built-in plugin ${name} in ${names.join(", ")}`);
  }
  assert.equal(new Set(names).size, names.length, "names are unique");
  for (const located of found) {
    assert.equal(located.builtin, true, located.manifest.name);
    assert.deepEqual(located.config, {});
    assert.equal(typeof located.load, "function", located.manifest.name);
    assert.ok(located.url.href.endsWith(`/plugin.json`), located.url.href);
  }
});

Deno.test("builtinManifests - keeps each entry's URL and loader", () => {
  const url = new URL("file:///stratos/plugins/demo/plugin.json");
  const load = () => Promise.resolve({});
  const [located] = builtinManifests([{
    manifest: { name: "demo", version: "1.0.0", kernel: "^1", entry: "./mod.ts" },
    url,
    load,
  }]);
  assert.equal(located.manifest.name, "demo");
  assert.equal(located.url, url);
  assert.equal(located.load, load);
  assert.equal(located.builtin, true);
});

Deno.test("builtinManifests - an invalid built-in manifest is reported with its URL", () => {
  const url = new URL("file:///stratos/plugins/broken/plugin.json");
  assert.throws(
    () =>
      builtinManifests([{ manifest: { name: "broken" }, url, load: () => Promise.resolve({}) }]),
    (error: unknown) => {
      assert.ok(error instanceof StratosError);
      assert.equal(error.code, "STRATOS_ERR_PLUGIN_MANIFEST_INVALID");
      assert.ok(error.message.startsWith(`${url.href}: `), error.message);
      return true;
    },
  );
});
