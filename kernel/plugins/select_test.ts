import assert from "node:assert/strict";
import type { LocatedManifest, PluginManifest } from "./manifest.ts";
import { type AppUsage, isNeeded, loadRangeCheck, selectPlugins } from "./select.ts";
import { stratosError } from "../../tests/support/errors.ts";

const KERNEL = "1.0.0";
const RANGES = await loadRangeCheck();

function located(
  name: string,
  extra: Partial<PluginManifest> = {},
  builtin = true,
): LocatedManifest {
  return {
    manifest: { name, version: "1.0.0", kernel: "^1", entry: "./mod.ts", ...extra },
    url: new URL(`file:///stratos/${builtin ? "plugins" : "user"}/${name}/plugin.json`),
    builtin,
    config: {},
  };
}

function usage(
  parts: { sources?: string[]; connections?: string[]; imports?: string[] } = {},
): AppUsage {
  return {
    sources: new Set(parts.sources),
    connections: new Set(parts.connections),
    imports: new Set(parts.imports),
  };
}

const names = (list: LocatedManifest[]) => list.map((l) => l.manifest.name);

function assertCode(fn: () => unknown, code: string, message?: string | RegExp): void {
  assert.throws(fn, stratosError(code, message));
}

Deno.test("isNeeded - a built-in plugin is needed when a module imports one of its host functions", () => {
  const cache = located("cache", { provides: { hostFunctions: ["cache_get", "cache_set"] } });
  assert.equal(isNeeded(cache, usage({ imports: ["cache_set"] })), true);
  assert.equal(isNeeded(cache, usage({ imports: ["log_msg"] })), false);
});

Deno.test("isNeeded - a built-in plugin is needed when a handler uses its source", () => {
  const nats = located("nats", { provides: { sources: ["nats"] } });
  assert.equal(isNeeded(nats, usage({ sources: ["request", "nats"] })), true);
  assert.equal(isNeeded(nats, usage({ sources: ["request"] })), false);
});

Deno.test("isNeeded - a built-in plugin is needed when its connection is configured", () => {
  const redis = located("redis", { provides: { connections: ["redis"] } });
  assert.equal(isNeeded(redis, usage({ connections: ["redis"] })), true);
  assert.equal(isNeeded(redis, usage({ connections: ["database"] })), false);
});

Deno.test("isNeeded - always-on and user plugins are needed whatever the app uses", () => {
  assert.equal(isNeeded(located("http", { always: true }), usage()), true);
  assert.equal(isNeeded(located("mine", {}, false), usage()), true);
  assert.equal(isNeeded(located("idle", { provides: { services: ["x"] } }), usage()), false);
  assert.equal(isNeeded(located("bare"), usage()), false);
});

Deno.test("selectPlugins - keeps only the needed plugins", () => {
  const selected = selectPlugins(
    [
      located("http", { always: true }),
      located("cache", { provides: { hostFunctions: ["cache_get"] } }),
      located("log", { provides: { hostFunctions: ["log_msg"] } }),
      located("mine", {}, false),
    ],
    usage({ imports: ["log_msg"] }),
    KERNEL,
    RANGES,
  );
  assert.deepEqual(names(selected), ["http", "log", "mine"]);
});

Deno.test("selectPlugins - pulls in dependencies and sets them up first", () => {
  const selected = selectPlugins(
    [
      located("app", { dependencies: ["redis"] }, false),
      located("redis", { dependencies: ["net"], provides: { connections: ["redis"] } }),
      located("net"),
      located("unused"),
    ],
    usage(),
    KERNEL,
    RANGES,
  );
  assert.deepEqual(names(selected), ["net", "redis", "app"]);
});

Deno.test("selectPlugins - a shared dependency appears once", () => {
  const selected = selectPlugins(
    [
      located("a", { dependencies: ["base"] }, false),
      located("b", { dependencies: ["base"] }, false),
      located("base", { always: true }),
    ],
    usage(),
    KERNEL,
    RANGES,
  );
  assert.deepEqual(names(selected), ["base", "a", "b"]);
});

Deno.test("selectPlugins - two plugins with one name are refused", () => {
  const first = located("dup");
  const second = located("dup", {}, false);
  assertCode(
    () => selectPlugins([first, second], usage(), KERNEL, RANGES),
    "STRATOS_ERR_PLUGIN_DUPLICATE",
    `two plugins are named 'dup': ${first.url.href} and ${second.url.href}`,
  );
});

Deno.test("selectPlugins - a missing dependency is reported with both names", () => {
  assertCode(
    () =>
      selectPlugins([located("app", { dependencies: ["ghost"] }, false)], usage(), KERNEL, RANGES),
    "STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING",
    /^plugin 'app' depends on plugin 'ghost', which is not available/,
  );
});

Deno.test("selectPlugins - a dependency cycle is reported with its path", () => {
  assertCode(
    () =>
      selectPlugins(
        [
          located("a", { dependencies: ["b"] }, false),
          located("b", { dependencies: ["c"] }),
          located("c", { dependencies: ["a"] }),
        ],
        usage(),
        KERNEL,
        RANGES,
      ),
    "STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE",
    "plugin dependencies form a cycle: a -> b -> c -> a",
  );
});

Deno.test("selectPlugins - a plugin depending on itself is a cycle", () => {
  assertCode(
    () =>
      selectPlugins([located("self", { dependencies: ["self"] }, false)], usage(), KERNEL, RANGES),
    "STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE",
    "plugin dependencies form a cycle: self -> self",
  );
});

Deno.test("selectPlugins - a kernel range the kernel does not satisfy is refused", () => {
  assertCode(
    () =>
      selectPlugins(
        [located("old", { kernel: "^2", version: "0.3.0" }, false)],
        usage(),
        KERNEL,
        RANGES,
      ),
    "STRATOS_ERR_PLUGIN_KERNEL_MISMATCH",
    "plugin 'old' 0.3.0 requires kernel ^2, but this is kernel 1.0.0",
  );
  assert.deepEqual(
    names(selectPlugins([located("ok", { kernel: ">=1.0.0 <2" }, false)], usage(), KERNEL, RANGES)),
    ["ok"],
  );
});

Deno.test("selectPlugins - an invalid kernel range is reported as an invalid manifest", () => {
  const bad = located("bad", { kernel: "one point oh" }, false);
  assertCode(
    () => selectPlugins([bad], usage(), KERNEL, RANGES),
    "STRATOS_ERR_PLUGIN_MANIFEST_INVALID",
    `${bad.url.href}: 'kernel' must be a semver range such as "^1": found "one point oh"`,
  );
});

Deno.test("selectPlugins - the kernel range of a plugin that is not needed is not checked", () => {
  const selected = selectPlugins(
    [located("future", { kernel: "^9" }), located("mine", {}, false)],
    usage(),
    KERNEL,
    RANGES,
  );
  assert.deepEqual(names(selected), ["mine"]);
});

Deno.test("selectPlugins - a dependency's kernel range is checked too", () => {
  assertCode(
    () =>
      selectPlugins(
        [
          located("app", { dependencies: ["dep"] }, false),
          located("dep", { kernel: "^0.1" }, false),
        ],
        usage(),
        KERNEL,
        RANGES,
      ),
    "STRATOS_ERR_PLUGIN_KERNEL_MISMATCH",
    /^plugin 'dep' /,
  );
});

Deno.test("selectPlugins - built-in plugins ship with the kernel and are not range-checked", () => {
  const selected = selectPlugins(
    [located("http", { always: true, kernel: "^9" })],
    usage(),
    KERNEL,
  );
  assert.deepEqual(names(selected), ["http"]);
});
