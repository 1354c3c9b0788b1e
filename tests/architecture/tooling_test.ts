/**
 * The tooling in `scripts/` (builds, code generation, shared command helpers) imports nothing of
 * `tests/` or `bench/`, checked on the real module graph of every module in `scripts/`, tests
 * included; and the check itself, on a graph that breaks the rule.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { moduleGraph, toolingViolations } from "../support/architecture.ts";
import { ROOT } from "../support/cli.ts";

/** Every `.ts` file below `dir`. */
async function typeScriptFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) found.push(...await typeScriptFiles(path));
    else if (entry.name.endsWith(".ts")) found.push(path);
  }
  return found.sort();
}

Deno.test("architecture - the tooling in scripts/ imports no test and no benchmark", async () => {
  const files = await typeScriptFiles(join(ROOT, "scripts"));
  assert.ok(files.some((f) => f.endsWith("scripts/build/project.ts")), "scripts/ is listed");
  const dir = await Deno.makeTempDir({ prefix: "stratos_tooling_graph_" });
  try {
    // One entry importing every module, so a single `deno info` gives the whole graph.
    const entry = join(dir, "all.ts");
    await Deno.writeTextFile(
      entry,
      files.map((f) => `import "${new URL(`file://${f}`).href}";\n`).join(""),
    );
    const graph = await moduleGraph(ROOT, [entry]);
    assert.ok(graph.has("scripts/build/core.ts"), "the graph holds the tooling");
    assert.ok(graph.has("kernel/app/runnable_spec.ts"), "and what it uses of the kernel");
    assert.deepEqual(toolingViolations(graph), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("architecture - an import of tests/ or bench/ from scripts/ is found", () => {
  const graph = new Map([
    ["scripts/build/project.ts", ["scripts/build/core.ts", "tests/support/app.ts"]],
    ["scripts/build/core.ts", ["kernel/app/mod.ts", "npm:yaml"]],
    ["scripts/lib/apt.ts", ["bench/process.ts"]],
    ["tests/e2e/build_test.ts", ["scripts/build/mod.ts"]],
  ]);
  assert.deepEqual(toolingViolations(graph), [
    "scripts/build/project.ts imports tests/support/app.ts: the tooling in scripts/ imports no " +
    "test or benchmark",
    "scripts/lib/apt.ts imports bench/process.ts: the tooling in scripts/ imports no test or " +
    "benchmark",
  ]);
});
