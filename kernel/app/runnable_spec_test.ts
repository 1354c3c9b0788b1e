import assert from "node:assert/strict";
import { join } from "node:path";
import { StratosError } from "../errors.ts";
import { parseRunnableSpec, runnableSpecFile } from "./runnable_spec.ts";

const invalid = (pattern: RegExp) => (error: unknown) =>
  error instanceof StratosError && error.code === "STRATOS_ERR_RUNNABLE_SPEC_INVALID" &&
  pattern.test(error.message);

Deno.test("parseRunnableSpec - every field as written, the others left out", () => {
  const text = "name: greet\nnamespace: people\nlang: rust\nversion: v1.2.3\n" +
    "draftVersion: d1\napiVersion: 0.15.1\nextra: ignored\n";
  assert.deepEqual(parseRunnableSpec("r/.runnable.yaml", text, "folder"), {
    name: "greet",
    namespace: "people",
    lang: "rust",
    version: "v1.2.3",
    draftVersion: "d1",
    apiVersion: "0.15.1",
  });
});

Deno.test("parseRunnableSpec - an empty file or empty values give the folder's name and default", () => {
  const defaults = { name: "folder", namespace: "default" };
  assert.deepEqual(parseRunnableSpec("r/.runnable.yaml", "", "folder"), defaults);
  assert.deepEqual(
    parseRunnableSpec("r/.runnable.yml", "name: ''\nnamespace: \n", "folder"),
    defaults,
  );
  assert.deepEqual(
    parseRunnableSpec("r/.runnable.yaml", "name: 7\nlang: [go]\n", "folder"),
    defaults,
  );
});

Deno.test("parseRunnableSpec - text that is not a YAML mapping is refused, naming the file", () => {
  assert.throws(
    () => parseRunnableSpec("r/.runnable.yaml", "- name: a\n", "r"),
    invalid(
      /^r\/\.runnable\.yaml: expected a YAML mapping \(name, namespace, lang, \.\.\.\), found a list$/,
    ),
  );
  assert.throws(
    () => parseRunnableSpec("r/.runnable.yaml", "just words", "r"),
    invalid(/found a string$/),
  );
  assert.throws(
    () => parseRunnableSpec("r/.runnable.yaml", "name: [unclosed", "r"),
    invalid(/^r\/\.runnable\.yaml: /),
  );
});

Deno.test("runnableSpecFile - finds a .runnable.* file or link, nothing in a plain folder", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stratos_runnable_spec_" });
  try {
    await Deno.mkdir(join(dir, "plain"));
    await Deno.writeTextFile(join(dir, "plain", "runnable.yaml"), "name: not-hidden\n");
    await Deno.mkdir(join(dir, ".runnable.yaml")); // a folder of that name does not count
    assert.equal(await runnableSpecFile(join(dir, "plain")), undefined);
    assert.equal(await runnableSpecFile(dir), undefined);
    await Deno.writeTextFile(join(dir, "plain", ".runnable.yml"), "name: x\n");
    assert.equal(await runnableSpecFile(join(dir, "plain")), ".runnable.yml");
    await Deno.mkdir(join(dir, "linked"));
    await Deno.symlink(join(dir, "plain", ".runnable.yml"), join(dir, "linked", ".runnable.yaml"));
    assert.equal(await runnableSpecFile(join(dir, "linked")), ".runnable.yaml");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
