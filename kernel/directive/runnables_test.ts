import assert from "node:assert/strict";
import { buildRunnables, checkRunnables, runnableEntries } from "./runnables.ts";
import { decodeFixture, lines } from "./test_utils.ts";

Deno.test("reports Atmo's Runnable messages", () => {
  const { raw, context, report } = decodeFixture(
    "runnables:\n  - {name: a, namespace: default}\n  - {name: a, namespace: other}\n" +
      "  - {name: b, namespace: x}\n  - {name: b, namespace: x}\n  - {namespace: x}\n  - {name: c}\n",
  );
  checkRunnables(runnableEntries(raw.runnables, []), context);
  assert.deepEqual(lines(report), [
    "3:5: duplicate fn other::a found",
    "5:5: duplicate fn x::b found",
    "6:5: function at position 4 missing name",
    "7:5: function at position 5 missing namespace",
  ]);
});

Deno.test("no Runnables at all is an error", () => {
  const { raw, context, report } = decodeFixture("runnables: []\n");
  checkRunnables(runnableEntries(raw.runnables, []), context);
  assert.deepEqual(lines(report), ["1:12: no functions listed"]);
});

Deno.test("fills fqfn and fqfnUri from the identifier and appVersion", () => {
  const { raw } = decodeFixture(
    "runnables:\n  - {name: hello, namespace: default, lang: rust, version: v9, fqfn: stale}\n",
  );
  const [hello] = buildRunnables(runnableEntries(raw.runnables, []), "com.x", "v1.0.0");
  assert.deepEqual(hello, {
    name: "hello",
    namespace: "default",
    lang: "rust",
    version: "v9",
    fqfn: "com.x#default::hello@v1.0.0",
    fqfnUri: "/com.x/default/hello/v1.0.0",
  });
});

Deno.test("discovered Runnables are used when the Directive lists none", () => {
  const entries = runnableEntries(undefined, [{ name: "hi", namespace: "", fqfn: "" }]);
  assert.deepEqual(buildRunnables(entries, "com.x", "v1.0.0"), [{
    name: "hi",
    namespace: "default",
    fqfn: "com.x#default::hi@v1.0.0",
    fqfnUri: "/com.x/default/hi/v1.0.0",
  }]);
  const listed = decodeFixture("runnables: [{name: a, namespace: default}]\n").raw.runnables;
  assert.equal(runnableEntries(listed, [{ name: "hi", namespace: "", fqfn: "" }]).length, 1);
});
