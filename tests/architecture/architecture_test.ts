/**
 * The dependency rules (see tests/support/architecture.ts), checked on the real module graph of
 * the runtime and the plugin contract; and the checker itself, on graphs that break each rule.
 */

import assert from "node:assert/strict";
import { ROOT } from "../support/cli.ts";
import { type ModuleGraph, moduleGraph, violations } from "../support/architecture.ts";

Deno.test("architecture - the runtime and the plugin contract keep every dependency rule", async () => {
  const graph = await moduleGraph(ROOT, ["main.ts", "mod.ts", "plugin.ts"]);
  assert.ok(graph.has("plugins/nats/mod.ts"), "the built-in plugins are in the graph");
  assert.deepEqual(violations(graph, ["main.ts", "mod.ts"], "plugin.ts"), []);
});

/** The real graph's rules hold on this small, lawful graph; each test adds one bad import. */
function lawful(): Map<string, string[]> {
  return new Map([
    ["main.ts", ["kernel/cli/run.ts", "builtin_plugins.ts"]],
    ["builtin_plugins.ts", ["plugins/nats/mod.ts", "capabilities/http-client/mod.ts"]],
    ["kernel/cli/run.ts", ["kernel/runtime.ts"]],
    ["kernel/runtime.ts", ["kernel/plugins/types.ts"]],
    ["kernel/plugins/types.ts", []],
    ["plugin.ts", ["kernel/plugins/types.ts"]],
    ["plugins/nats/mod.ts", [
      "plugin.ts",
      "plugins/nats/subscription.ts",
      "npm:@nats-io/nats-core",
    ]],
    ["plugins/nats/subscription.ts", ["plugin.ts"]],
    ["capabilities/http-client/mod.ts", ["plugin.ts", "capabilities/lib/outbound/mod.ts"]],
    ["capabilities/lib/outbound/mod.ts", ["plugin.ts", "node:http"]],
  ]);
}

function check(graph: ModuleGraph): string[] {
  return violations(graph, ["main.ts"], "plugin.ts");
}

function withImport(from: string, to: string, graph = lawful()): Map<string, string[]> {
  graph.set(from, [...(graph.get(from) ?? []), to]);
  if (!graph.has(to)) graph.set(to, []);
  return graph;
}

Deno.test("architecture - a lawful graph passes", () => {
  assert.deepEqual(check(lawful()), []);
});

Deno.test("architecture - each forbidden import is found", () => {
  const cases: [string, string, RegExp][] = [
    ["kernel/runtime.ts", "plugins/nats/mod.ts", /the kernel imports no plugin/],
    ["kernel/runtime.ts", "builtin_plugins.ts", /the kernel imports no plugin/],
    ["plugins/nats/mod.ts", "mod.ts", /a plugin imports only plugin\.ts/],
    ["plugins/nats/mod.ts", "plugins/kafka/mod.ts", /a plugin imports only/],
    ["plugins/nats/mod.ts", "kernel/wasm/runner.ts", /a plugin imports only/],
    ["plugins/nats/mod.ts", "capabilities/lib/outbound/mod.ts", /capability libraries/],
    ["capabilities/http-client/mod.ts", "kernel/log.ts", /a capability imports only/],
    ["capabilities/http-client/mod.ts", "plugins/nats/mod.ts", /a capability imports only/],
    ["kernel/runtime.ts", "tests/support/cli.ts", /lives in tests\//],
    ["kernel/runtime.ts", "examples/hello/x.ts", /lives in examples\//],
    ["plugin.ts", "kernel/runtime.ts", /plugin contract plugin\.ts reaches kernel\/runtime\.ts/],
    ["kernel/plugins/types.ts", "kernel/cli/run.ts", /import cycle/],
  ];
  for (const [from, to, expected] of cases) {
    const found = check(withImport(from, to));
    assert.ok(found.some((line) => expected.test(line)), `${from} → ${to}: ${found.join("; ")}`);
  }
});

Deno.test("architecture - a plugin may use a capability's backend interface", () => {
  assert.deepEqual(
    check(withImport("plugins/nats/mod.ts", "capabilities/cache/backend.ts")),
    [],
  );
});
