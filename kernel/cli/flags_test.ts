import assert from "node:assert/strict";
import { FlagError, type FlagSpec, parseFlags } from "./flags.ts";

const SPECS: Record<string, FlagSpec> = {
  port: { type: "string" },
  headless: { type: "boolean" },
  plugin: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
};

function assertFlagError(args: string[], message: RegExp): void {
  assert.throws(() => parseFlags(args, SPECS), (error: unknown) => {
    assert.ok(error instanceof FlagError, `expected a FlagError, got ${error}`);
    assert.equal(error.code, "STRATOS_ERR_USAGE");
    assert.match(error.message, message);
    return true;
  });
}

Deno.test("parseFlags - values by space or '=', booleans, aliases and positionals in order", () => {
  assert.deepEqual(parseFlags(["start", "--port", "80", "app", "--headless", "-h"], SPECS), {
    values: { port: "80", headless: true, help: true },
    positionals: ["start", "app"],
  });
  assert.deepEqual(parseFlags(["--port=-1"], SPECS).values, { port: "-1" });
  assert.deepEqual(parseFlags(["--port="], SPECS).values, { port: "" });
  assert.deepEqual(parseFlags(["--port=a=b"], SPECS).values, { port: "a=b" });
});

Deno.test("parseFlags - a repeated flag keeps every value in order; a single one the last", () => {
  assert.deepEqual(parseFlags(["--plugin", "a", "--plugin=b", "--plugin", "c"], SPECS).values, {
    plugin: ["a", "b", "c"],
  });
  assert.deepEqual(parseFlags(["--port", "1", "--port", "2"], SPECS).values, { port: "2" });
});

Deno.test("parseFlags - '--' ends the flags; a lone '-' is a positional", () => {
  assert.deepEqual(parseFlags(["-", "--", "--port", "-h"], SPECS), {
    values: {},
    positionals: ["-", "--port", "-h"],
  });
});

Deno.test("parseFlags - unknown flags, a missing value and a value for a boolean are refused", () => {
  assertFlagError(["--verbose"], /^unknown option '--verbose'$/);
  assertFlagError(["-x"], /^unknown option '-x'$/);
  assertFlagError(["--toString"], /^unknown option '--toString'$/);
  assertFlagError(["--port"], /^option '--port' is missing its value/);
  assertFlagError(["--port", "--headless"], /^option '--port' is missing its value/);
  assertFlagError(["--headless=yes"], /^option '--headless' takes no value$/);
  assertFlagError(["-h=1"], /^unknown option '-h=1'$/);
});
