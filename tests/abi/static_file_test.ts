import assert from "node:assert/strict";
import {
  errRecord,
  ffi,
  FLUSH,
  Guest,
  Harness,
  type HarnessOptions,
  host,
  okRecord,
  Out,
} from "./harness.ts";

const FILES = { "index.html": "<h1>hi</h1>\n", "data/a.json": '{"a":1}' };

async function getFiles(names: string[], options: HarnessOptions = {}) {
  const h = new Harness({ staticFiles: FILES, ...options });
  const g = new Guest();
  g.run(...names.map((name) => ffi(host("get_static_file", g.str(name)))), FLUSH);
  const out = Out.of(await h.run(g));
  const records = names.map(() => out.ffi());
  out.end();
  return records;
}

Deno.test("get_static_file - returns the file's bytes", async () => {
  assert.deepEqual(await getFiles(["index.html", "data/a.json"]), [
    okRecord("<h1>hi</h1>\n"),
    okRecord('{"a":1}'),
  ]);
});

Deno.test("get_static_file - a missing file is `file does not exist`", async () => {
  assert.deepEqual(await getFiles(["nope.txt", ""]), [
    errRecord("file does not exist"),
    errRecord("file does not exist"),
  ]);
});

Deno.test("get_static_file - `capability is not enabled` when file.enabled is false", async () => {
  assert.deepEqual(
    await getFiles(["index.html"], { configure: (caps) => caps.file.enabled = false }),
    [errRecord("capability is not enabled")],
  );
});
