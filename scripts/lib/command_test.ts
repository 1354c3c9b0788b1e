import assert from "node:assert/strict";
import { CommandError, commandError, indent, lastLines, run, runOk } from "./command.ts";

Deno.test("command - a finished command's code and output; a missing program is code 127", async () => {
  assert.deepEqual(await run("sh", ["-c", "echo out; echo err >&2; exit 3"]), {
    code: 3,
    stdout: "out\n",
    stderr: "err\n",
  });
  const missing = await run("stratos-no-such-program", []);
  assert.equal(missing.code, 127);
  assert.match(missing.stderr, /stratos-no-such-program: command not found/);
});

Deno.test("command - a failure names what failed, its exit code and its last lines", async () => {
  const lines = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
  await assert.rejects(
    () => runOk("printing", "sh", ["-c", `printf '${lines}\\n'; exit 2`]),
    (error: Error) => {
      assert.ok(error instanceof CommandError);
      assert.equal(
        error.message,
        `printing failed (exit 2):\n${indent(lastLines(lines, 12))}`,
      );
      return true;
    },
  );
  assert.equal(
    commandError("x", { code: 1, stdout: "", stderr: "\n" }).message,
    "x failed (exit 1)",
  );
});

Deno.test("command - the last non-empty lines, and indentation", () => {
  assert.equal(lastLines("a\n\nb\nc\n", 2), "b\nc");
  assert.equal(indent("a\nb"), "    a\n    b");
});
