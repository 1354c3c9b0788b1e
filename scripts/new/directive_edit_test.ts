import assert from "node:assert/strict";
import { join } from "node:path";
import { BuildError, REPO_ROOT } from "../build/mod.ts";
import { loadDirective } from "../../kernel/directive/mod.ts";
import { addHandler, newDirective } from "./directive_edit.ts";

/** Every example Directive of the repository, by path. */
async function exampleDirectives(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.name === "Directive.yaml") found.push(path);
    }
  };
  await walk(join(REPO_ROOT, "examples"));
  return found.sort();
}

Deno.test("newDirective - a valid Directive whose one handler runs the Runnable", () => {
  const text = newDirective("demo", "hello");
  const { directive } = loadDirective({ path: "Directive.yaml", text }, {
    runnables: [{ name: "hello", namespace: "default", fqfn: "" }],
  });
  assert.equal(directive.identifier, "com.example.demo");
  assert.deepEqual(directive.handlers?.map((h) => [h.method, h.resource, h.steps]), [
    ["POST", "/hello", [{ fn: "hello", fqfn: "com.example.demo#default::hello@v0.1.0" }]],
  ]);
});

Deno.test("addHandler - keeps every line of the examples' Directives and appends the handler", async () => {
  const paths = await exampleDirectives();
  assert.ok(paths.length >= 8, `found ${paths.length}`);
  for (const path of paths) {
    const before = await Deno.readTextFile(path);
    const after = addHandler(before, path, "signup-x", "go");
    // What was there is there, in order: the edit only inserts lines.
    const kept = after.split("\n");
    let at = 0;
    for (const line of before.split("\n")) {
      at = kept.indexOf(line, at);
      assert.ok(at >= 0, `${path}: the line '${line}' was changed`);
      at++;
    }
    assert.match(after, /\n {2}- type: request\n {4}resource: \/signup-x\n {4}method: POST\n/);
    assert.match(after, /\n {4}steps:\n {6}- fn: signup-x\n/);
  }
});

Deno.test("addHandler - the app's own Directive: a blank line, then the handler", () => {
  const after = addHandler(newDirective("demo", "hello"), "Directive.yaml", "signup", "rust");
  assert.ok(
    after.endsWith(
      "      - fn: hello\n\n  - type: request\n    resource: /signup\n    method: POST\n" +
        "    steps:\n      - fn: signup\n",
    ),
    after,
  );
  assert.ok(after.startsWith("# What Stratos serves"), "the comments stay");
});

Deno.test("addHandler - a runnables list gets the Runnable; a Directive without handlers gets some", () => {
  const listed = addHandler(
    "identifier: x\nrunnables:\n  - name: a\n    namespace: default\n",
    "D.yaml",
    "b",
    "go",
  );
  assert.match(
    listed,
    /runnables:\n {2}- name: a\n {4}namespace: default\n {2}- name: b\n {4}namespace: default\n {4}lang: go\n/,
  );
  const bare = addHandler("identifier: x\n", "D.yaml", "b", "go");
  assert.match(bare, /^identifier: x\nhandlers:\n {2}- type: request\n {4}resource: \/b\n/);
});

Deno.test("addHandler - refuses a route that is taken and a Directive it cannot edit", () => {
  const text = newDirective("demo", "hello");
  assert.throws(
    () => addHandler(text, "D.yaml", "hello", "go"),
    (e) =>
      e instanceof BuildError && e.message === "D.yaml: a handler for POST /hello is already there",
  );
  assert.throws(() => addHandler("- a\n- b\n", "D.yaml", "b", "go"), /the Directive is not a map/);
  assert.throws(() => addHandler("handlers: 3\n", "D.yaml", "b", "go"), /'handlers' is not a list/);
  assert.throws(
    () => addHandler("a: [\n", "D.yaml", "b", "go"),
    /D\.yaml: cannot add a handler: Flow sequence/,
  );
});
