import assert from "node:assert/strict";
import { join } from "node:path";
import { planChanges } from "./watch.ts";

Deno.test("planChanges - sources rebuild their Runnable; the rest reloads; outputs are ignored", async () => {
  const root = await Deno.realPath(await Deno.makeTempDir());
  await Deno.mkdir(join(root, "hello/src"), { recursive: true });
  await Deno.writeTextFile(
    join(root, "hello/.runnable.yaml"),
    "name: hello\nlang: assemblyscript\n",
  );
  const at = (path: string) => join(root, path);
  assert.deepEqual(await planChanges(root, [at("hello/src/lib.ts")]), {
    rebuild: [at("hello")],
    reload: false,
  });
  assert.deepEqual(await planChanges(root, [at("Directive.yaml")]), { rebuild: [], reload: true });
  assert.deepEqual(await planChanges(root, [at("static/a.txt")]), { rebuild: [], reload: true });
  assert.deepEqual(await planChanges(root, [at("hello/hello.wasm")]), {
    rebuild: [],
    reload: true,
  });
  assert.deepEqual(
    await planChanges(root, [at("hello/hello.wasm")], new Set([at("hello/hello.wasm")])),
    { rebuild: [], reload: false },
    "a module the dev loop just built was acted on already",
  );
  assert.deepEqual(
    await planChanges(root, [at("hello/target/debug/x"), at("node_modules/y/z.ts"), "/elsewhere"]),
    { rebuild: [], reload: false },
  );
  await Deno.remove(root, { recursive: true });
});
