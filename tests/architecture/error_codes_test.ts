/**
 * The error catalog against the repository (see tests/support/error_code_usage.ts): no code is
 * written anywhere without being catalogued, and no catalogued code is dead; and the checker
 * itself, on small made-up repositories.
 */

import assert from "node:assert/strict";
import { ERROR_CODES } from "../../kernel/error_codes.ts";
import { ROOT } from "../support/cli.ts";
import { errorCodeProblems, repositoryTexts } from "../support/error_code_usage.ts";

const CATALOG = Object.keys(ERROR_CODES);

Deno.test("error codes - every code written in the repository is catalogued, and each is raised", async () => {
  const texts = await repositoryTexts(ROOT);
  assert.ok(texts.has("kernel/runtime.ts") && texts.has("README.md"), "the listing found the tree");
  assert.deepEqual(errorCodeProblems(CATALOG, texts), []);
});

/** A made-up code, spelled so that this file does not mention it. */
const UNKNOWN = ["STRATOS", "ERR", "NOT", "CATALOGUED"].join("_");

Deno.test("error codes - a code missing from the catalog is found in code, tests and docs", () => {
  const catalog = ["STRATOS_ERR_USAGE"];
  const raise = [
    "kernel/cli/args.ts",
    'throw new StratosError("STRATOS_ERR_USAGE", text);',
  ] as const;
  for (
    const [path, text] of [
      ["kernel/app/bundle.ts", `throw new StratosError("${UNKNOWN}", "bad bundle");`],
      ["plugins/nats/settings.ts", `/** @throws {StratosError} \`${UNKNOWN}\` */`],
      ["kernel/app/bundle_test.ts", `assert.equal(error.code, "${UNKNOWN}");`],
      ["docs/plugins.md", `| \`${UNKNOWN}\` | a stale row |`],
    ]
  ) {
    assert.deepEqual(errorCodeProblems(catalog, new Map([raise, [path, text]])), [
      `${path}: ${UNKNOWN} is not in kernel/error_codes.ts`,
    ]);
  }
});

Deno.test("error codes - a catalogued code only tests, docs, comments or the catalog name is dead", () => {
  const catalog = ["STRATOS_ERR_USAGE", "STRATOS_ERR_TIMEOUT"];
  const dead = ["kernel/error_codes.ts: STRATOS_ERR_TIMEOUT is raised by no source"];
  const files = new Map([
    ["kernel/cli/args.ts", 'throw new StratosError("STRATOS_ERR_USAGE", text);'],
    ["kernel/error_codes.ts", 'export const ERROR_CODES = { "STRATOS_ERR_TIMEOUT": {} };'],
    ["kernel/wasm/tick_test.ts", 'assert.equal(error.code, "STRATOS_ERR_TIMEOUT");'],
    ["tests/e2e/timeout_test.ts", 'assert.equal(error.code, "STRATOS_ERR_TIMEOUT");'],
    ["kernel/wasm/tick.ts", "/** Raises `STRATOS_ERR_TIMEOUT` at the deadline. */"],
    ["README.md", 'The code is "STRATOS_ERR_TIMEOUT".'],
  ]);
  assert.deepEqual(errorCodeProblems(catalog, files), dead);
  files.set("kernel/wasm/tick.ts", 'super("STRATOS_ERR_TIMEOUT", "ran past its time limit");');
  assert.deepEqual(errorCodeProblems(catalog, files), []);
});

Deno.test("error codes - built-in code does not make third-party codes; examples may", () => {
  const catalog = ["STRATOS_ERR_USAGE"];
  const call = 'const CODE = pluginErrorCode("ACME_ERR_CONFIG");';
  const files = new Map([
    ["kernel/cli/args.ts", 'throw new StratosError("STRATOS_ERR_USAGE", text);'],
    ["kernel/errors.ts", ` * ${call}`],
    ["examples/plugin-acme/mod.ts", call],
    ["kernel/plugins/settings_test.ts", call],
  ]);
  assert.deepEqual(errorCodeProblems(catalog, files), []);
  files.set("capabilities/cache/mod.ts", call);
  assert.deepEqual(errorCodeProblems(catalog, files), [
    "capabilities/cache/mod.ts: built-in code raises catalogued codes, not pluginErrorCode(...)",
  ]);
});
