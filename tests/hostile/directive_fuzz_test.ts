/**
 * 10,000 mutated Directives, in a child process that is killed if it stops making progress (a
 * hang is a finding too): every case loads or is refused with a DirectiveError.
 */

import assert from "node:assert/strict";
import { type FuzzReport, mutate, random } from "./directive_fuzz.ts";

const CASES = 10_000;
const LIMIT_MS = 120_000;

Deno.test("directive fuzz - 10,000 mutations load or are refused, none crashes or hangs", async () => {
  const seed = Number(Deno.env.get("STRATOS_FUZZ_SEED") ?? 1);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      new URL("directive_fuzz.ts", import.meta.url).pathname,
      String(seed),
      String(CASES),
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), LIMIT_MS);
  const out = await child.output();
  clearTimeout(timer);
  assert.equal(
    out.code,
    0,
    `the fuzzer died or hung (seed ${seed}): ${new TextDecoder().decode(out.stderr)}`,
  );
  const report: FuzzReport = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.equal(report.cases, CASES);
  assert.deepEqual(
    report.crashes.map((c) => `case ${c.index}: ${c.error}\n${c.text}`),
    [],
    "every case loads or is refused with a DirectiveError",
  );
  assert.ok(
    report.refused > CASES / 4 && report.loaded > 0,
    `both outcomes occur: ${JSON.stringify(report)}`,
  );
  assert.ok(report.slowestMs < 2_000, `slowest case took ${report.slowestMs} ms`);
});

Deno.test("directive fuzz - mutations are reproducible from their seed", () => {
  const text = "identifier: a\nhandlers:\n  - type: request\n";
  assert.equal(mutate(text, random(42)), mutate(text, random(42)));
  assert.notEqual(mutate(text, random(1)) + mutate(text, random(2)), text + text);
});
