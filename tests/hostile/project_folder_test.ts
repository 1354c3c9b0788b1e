/**
 * Hostile project folders: symlinks that lead out of the app. A link to `/` (or to a file or
 * folder outside) in `static/` serves nothing outside the app, whether it was there at start
 * (start is refused, naming the link and where it points) or made while the app runs (the file
 * reads as missing), through the real CLI's HTTP route (examples/hello's get-file Runnable) and
 * through the `get_static_file` host function a Runnable calls. Links inside the app still work.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { openProject } from "../../kernel/app/mod.ts";
import { errRecord, ffi, FLUSH, Guest, Harness, host, okRecord, Out } from "../abi/harness.ts";
import { helloApp } from "../support/hello_app.ts";
import { measuredRun } from "../support/peak_memory.ts";
import { startStratos } from "../support/stratos_process.ts";

const DIRECTIVE = `identifier: com.example.files
appVersion: v0.1.0
atmoVersion: v0.4.7
handlers:
  - type: request
    resource: /file/*file
    method: GET
    steps:
      - fn: get-file
`;
const HELLO_TEXT = "Hello from Stratos!\n";
const SECRET = "secret outside the app";
/** Static names that lead outside the app once {@link linkOutside} has run. */
const ESCAPES = [
  "root/etc/passwd",
  "root/etc/hostname",
  "secret.txt",
  "out/secret.txt",
];

/** An app serving static/hello.txt at /file/*file, and a folder outside it with a secret. */
async function filesApp(): Promise<{ dir: string; outside: string; remove(): Promise<void> }> {
  const dir = await helloApp(DIRECTIVE, ["get-file"]);
  await Deno.mkdir(join(dir, "static"));
  await Deno.writeTextFile(join(dir, "static", "hello.txt"), HELLO_TEXT);
  const outside = await Deno.makeTempDir({ prefix: "stratos-outside-" });
  await Deno.writeTextFile(join(outside, "secret.txt"), SECRET);
  return {
    dir,
    outside,
    async remove() {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(outside, { recursive: true });
    },
  };
}

/** Links in static/: to `/`, to a file and a folder outside, and one alias inside. */
async function linkOutside(dir: string, outside: string): Promise<void> {
  const statics = join(dir, "static");
  await Deno.symlink("/", join(statics, "root"));
  await Deno.symlink(join(outside, "secret.txt"), join(statics, "secret.txt"));
  await Deno.symlink(outside, join(statics, "out"));
  await Deno.symlink("hello.txt", join(statics, "alias.txt"));
}

Deno.test("hostile project - static links made after start serve nothing outside the app over HTTP", async () => {
  const app = await filesApp();
  const proc = await startStratos(app.dir);
  try {
    await linkOutside(app.dir, app.outside);
    const paths = [...ESCAPES, ...ESCAPES.map((name) => name.replaceAll("/", "%2F"))];
    for (const path of paths) {
      const res = await fetch(`${proc.url}/file/${path}`);
      const text = await res.text();
      assert.equal(res.status, 404, `${path}: ${text}`);
      assert.deepEqual(JSON.parse(text), { status: 404, message: "file does not exist" }, path);
    }
    for (const name of ["hello.txt", "alias.txt"]) {
      const res = await fetch(`${proc.url}/file/${name}`);
      assert.equal(res.status, 200, name);
      assert.equal(await res.text(), HELLO_TEXT, name);
    }
  } finally {
    await proc.stop();
    await app.remove();
  }
});

Deno.test("hostile project - a static link to / present at start refuses the start, naming it", async () => {
  const app = await filesApp();
  try {
    const link = join(app.dir, "static", "root");
    await Deno.symlink("/", link);
    const run = await measuredRun(["start", app.dir, "--port", "0", "--workers", "1"]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(
      run.stderr,
      `error[STRATOS_ERR_APP_ESCAPE]: ${link} is a symlink to /, which resolves to /, outside ` +
        `the app folder ${app.dir} (symlinks may only lead to files inside it)\n`,
    );
    assert.ok(run.ms < 60_000, `refused after ${run.ms} ms`);
  } finally {
    await app.remove();
  }
});

Deno.test("hostile project - get_static_file reads nothing outside through links made after start", async () => {
  const app = await filesApp();
  try {
    const source = await openProject(app.dir);
    await linkOutside(app.dir, app.outside);
    const h = new Harness({ app: source });
    const g = new Guest();
    const names = [...ESCAPES, "alias.txt", "hello.txt"];
    g.run(...names.map((name) => ffi(host("get_static_file", g.str(name)))), FLUSH);
    const out = Out.of(await h.run(g));
    const records = names.map(() => out.ffi());
    out.end();
    assert.deepEqual(records, [
      ...ESCAPES.map(() => errRecord("file does not exist")),
      okRecord(HELLO_TEXT),
      okRecord(HELLO_TEXT),
    ]);
  } finally {
    await app.remove();
  }
});
