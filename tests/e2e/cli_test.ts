/**
 * End-to-end: the command line as users run it (`deno task start ...`), in a child process.
 */

import assert from "node:assert/strict";
import { freePort } from "../../bench/process.ts";
import { finished, readUntil, ROOT, stratos } from "../support/cli.ts";

Deno.test("cli - start prints one banner, serves, and stops cleanly on SIGTERM", async () => {
  const port = freePort();
  const child = stratos([
    "start",
    `${ROOT}examples/hello`,
    "--port",
    String(port),
    "--hostname",
    "127.0.0.1",
  ]);
  const { text, rest } = await readUntil(child, /listening on http:\/\/\S+/);
  assert.match(text, /^Stratos \S+ · com\.stratos\.hello v0\.1\.0/m);
  assert.match(text, /^ {4}POST \/hello {2}hello$/m);
  assert.match(text, /^ {4}GET \/file\/\*file {2}get-file$/m);
  assert.match(text, /^ {2}schedules: none$/m);
  assert.match(text, /^ {2}connections: none$/m);
  assert.match(text, new RegExp(`listening on http://127\\.0\\.0\\.1:${port}`));
  const res = await fetch(`http://127.0.0.1:${port}/hello`, { method: "POST", body: "cli" });
  assert.equal(await res.text(), "hello cli");
  child.kill("SIGTERM");
  await rest.cancel();
  const status = await child.status;
  assert.equal(status.code, 0);
  await child.stderr.cancel();
});

Deno.test("cli - the port comes from ATMO_HTTP_PORT, and STRATOS_HTTP_PORT wins over it", async () => {
  const atmo = freePort();
  const child = stratos(["start", `${ROOT}examples/hello`, "--hostname", "127.0.0.1"], {
    ATMO_HTTP_PORT: String(atmo),
  });
  const { rest } = await readUntil(child, /listening on/);
  assert.equal(
    (await fetch(`http://127.0.0.1:${atmo}/health`).then((r) => r.json())).healthy,
    true,
  );
  child.kill("SIGINT");
  await rest.cancel();
  assert.equal((await child.status).code, 0);
  await child.stderr.cancel();

  const stratosPort = freePort();
  const both = stratos(["start", `${ROOT}examples/hello`, "--hostname", "127.0.0.1"], {
    ATMO_HTTP_PORT: String(atmo),
    STRATOS_HTTP_PORT: String(stratosPort),
  });
  const banner = await readUntil(both, /listening on \S+/);
  assert.match(banner.text, new RegExp(`:${stratosPort}`));
  both.kill("SIGTERM");
  await banner.rest.cancel();
  await both.status;
  await both.stderr.cancel();
});

Deno.test("cli - an invalid Directive lists every problem with file:line:col and exits 2", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.copyFile(`${ROOT}kernel/directive/testdata/invalid.yaml`, `${dir}/Directive.yaml`);
  const { code, stdout, stderr } = await finished(stratos(["start", dir]));
  assert.equal(code, 2);
  assert.equal(stdout, "");
  const lines = stderr.trim().split("\n");
  const problems = lines.slice(0, -1);
  assert.ok(problems.length >= 30, `expected many problems, got ${problems.length}`);
  for (const line of problems) {
    assert.match(line, new RegExp(`^${dir}/Directive\\.yaml:\\d+:\\d+: \\S`), line);
  }
  assert.match(lines.at(-1)!, /^found \d+ problems$/);
  assert.ok(stderr.includes(`${dir}/Directive.yaml:1:1: identifier is missing`));
  assert.ok(stderr.includes("a handle is already registered for path '/hello'"));
  assert.ok(
    stderr.includes("Directive.yaml:45:5: unknown key 'stpes' in handler (did you mean 'steps'?)"),
  );
  assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
});

Deno.test("cli - a Directive with 5,000 bad handlers lists 100 problems and how many more", async () => {
  const dir = await Deno.makeTempDir();
  const handlers = Array.from(
    { length: 5000 },
    (_, i) =>
      `  - type: request\n    resource: h${i}\n    method: GET\n    steps:\n      - fn: f${i}\n` +
      `        onErr: { any: explode }\n`,
  ).join("");
  await Deno.writeTextFile(
    `${dir}/Directive.yaml`,
    `identifier: com.x.y\nappVersion: v0.1.0\natmoVersion: v0.4.7\nhandlers:\n${handlers}`,
  );
  const started = performance.now();
  const { code, stdout, stderr } = await finished(stratos(["check", dir]));
  assert.ok(performance.now() - started < 60_000, "bounded time");
  assert.equal(code, 2);
  assert.equal(stdout, "");
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 101);
  // No Runnable at all: said once, and no step is blamed for naming an unknown fn.
  assert.equal(lines[0], `${dir}/Directive.yaml:1:1: no functions listed`);
  assert.ok(!stderr.includes("does not exist"));
  assert.match(lines[1], /:6:15: handler resource must begin with leading slash '\/': h0$/);
  assert.equal(lines.at(-1), "and 9901 more (10001 problems in all)");

  const few = await finished(stratos(["check", dir], { STRATOS_MAX_PROBLEMS: "5" }));
  assert.equal(few.code, 2);
  assert.deepEqual(few.stderr.trim().split("\n").slice(5), [
    "and 9996 more (10001 problems in all)",
  ]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cli - a file that is no Directive at all is one problem", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/Directive.yaml`,
    Array.from({ length: 5000 }, (_, i) => `- ${i}\n`).join(""),
  );
  const { code, stderr } = await finished(stratos(["check", dir]));
  assert.equal(code, 2);
  assert.equal(
    stderr,
    `${dir}/Directive.yaml:1:1: expected a map at the top level, found a list: ` +
      "this is not a Directive\nfound 1 problem\n",
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cli - check refuses silent mistakes: a near-miss key, an unset env(NAME) where it matters", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.copyFile(`${ROOT}examples/hello/hello/hello.wasm`, `${dir}/hello.wasm`);
  const directive = (respondTo: string) =>
    [
      "identifier: com.stratos.mistakes",
      "appVersion: v0.1.0",
      "atmoVersion: v0.4.7",
      "connections:",
      "  nats:",
      "    serverAddress: 127.0.0.1:4222",
      "authentication:",
      "  domains:",
      "    api.example.com:",
      "      value: env(STRATOS_TEST_UNSET_TOKEN)",
      "handlers:",
      "  - type: stream",
      "    source: nats",
      "    resource: greetings",
      `    ${respondTo}: greetings.done`,
      "    banana: yellow",
      "    steps:",
      "      - fn: hello",
    ].join("\n") + "\n";
  await Deno.writeTextFile(`${dir}/Directive.yaml`, directive("respondto"));
  const refused = await finished(stratos(["check", dir]));
  assert.equal(refused.code, 2);
  assert.equal(
    refused.stderr,
    [
      `${dir}/Directive.yaml:10:14: environment variable STRATOS_TEST_UNSET_TOKEN is not set`,
      `${dir}/Directive.yaml:15:5: unknown key 'respondto' in handler (did you mean 'respondTo'?)`,
      `${dir}/Directive.yaml:16:5: warning: unknown key 'banana' in handler`,
      "found 3 problems",
      "",
    ].join("\n"),
  );
  // Fixed, it passes; a key that resembles none stays a warning.
  await Deno.writeTextFile(`${dir}/Directive.yaml`, directive("respondTo"));
  const fixed = await finished(
    stratos(["check", dir], { STRATOS_TEST_UNSET_TOKEN: "t0ken" }),
  );
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.match(fixed.stdout, /ok/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cli - check validates without serving; other start-up errors exit 1 with their code", async () => {
  const ok = await finished(stratos(["check", `${ROOT}examples/hello`, "--log-level", "off"]));
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /examples\/hello: ok/);

  const missing = await finished(stratos(["start", "/nonexistent/app"]));
  assert.equal(missing.code, 1);
  assert.match(
    missing.stderr,
    /^error\[STRATOS_ERR_APP_NOT_FOUND\]: \/nonexistent\/app does not exist/,
  );

  const usage = await finished(stratos(["start", "--port", "http"]));
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /port must be an integer from 0 to 65535: found 'http'/);
  assert.match(usage.stderr, /Usage: stratos/);
});

/** Spawns `deno run <flags> main.ts args...` in `cwd` with the given Deno flags only. */
function bareStratos(flags: string[], args: string[], cwd: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-lock", ...flags, `${ROOT}main.ts`, ...args],
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

Deno.test("cli - `deno run -A main.ts start` from another folder needs no --unstable-net", async () => {
  const port = freePort();
  const child = bareStratos(
    ["-A"],
    ["start", `${ROOT}examples/hello`, "--port", String(port), "--workers", "2"],
    "/",
  );
  const { text, rest } = await readUntil(child, /listening on \S+/);
  assert.match(text, /^ {2}isolates: 2 /m, "the repository's deno.json turns the API on");
  const res = await fetch(`http://127.0.0.1:${port}/hello`, { method: "POST", body: "x" });
  assert.equal(await res.text(), "hello x");
  child.kill("SIGTERM");
  await rest.cancel();
  assert.equal((await child.status).code, 0);
  await child.stderr.cancel();
});

Deno.test("cli - without --unstable-net, --workers 2 serves with one isolate and says so once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stratos_cli_no_unstable_" });
  try {
    // The repository's imports, without its `unstable` list.
    const { imports } = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
    await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify({ imports }));
    const port = freePort();
    const child = bareStratos(
      ["-A", "--config", `${dir}/deno.json`],
      ["start", `${ROOT}examples/hello`, "--port", String(port), "--workers", "2"],
      dir,
    );
    const { text, rest } = await readUntil(child, /listening on \S+/);
    assert.doesNotMatch(text, /isolates: 2/);
    const res = await fetch(`http://127.0.0.1:${port}/hello`, { method: "POST", body: "y" });
    assert.equal(await res.text(), "hello y");
    child.kill("SIGINT");
    await rest.cancel();
    const status = await child.status;
    const stderr = new TextDecoder().decode(
      (await new Response(child.stderr).arrayBuffer()) as ArrayBuffer,
    );
    assert.equal(status.code, 0);
    assert.equal(
      stderr,
      "notice: serving with one isolate: --workers 2 needs Deno's --unstable-net (listeners " +
        "sharing the port; `deno task start` passes it)\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli - check exits 2, not 1, when a variable env(NAME) needs is not set", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stratos_cli_check_env_" });
  try {
    await Deno.copyFile(`${ROOT}examples/hello/hello/hello.wasm`, `${dir}/hello.wasm`);
    await Deno.writeTextFile(
      `${dir}/Directive.yaml`,
      "identifier: com.x.envcheck\nappVersion: v0.1.0\natmoVersion: v0.4.7\n" +
        "connections:\n  database:\n    type: postgresql\n    connectionString: env(STRATOS_TEST_UNSET_DB)\n" +
        "handlers:\n  - type: request\n    resource: /hello\n    method: POST\n    steps:\n" +
        "      - fn: hello\n",
    );
    const unset = await finished(stratos(["check", dir]));
    assert.equal(unset.code, 2);
    assert.match(
      unset.stderr,
      /Directive\.yaml:7:23: environment variable STRATOS_TEST_UNSET_DB is not set/,
    );
    const set = await finished(
      stratos(["check", dir, "--log-level", "off"], {
        STRATOS_TEST_UNSET_DB: "postgres://stratos:stratos@127.0.0.1:5432/stratos",
      }),
    );
    assert.equal(set.code, 0, set.stderr);
    // From inside the app folder, check needs no PATH.
    const here = await finished(bareStratos(["-A"], ["check", "--log-level", "off"], dir));
    assert.equal(here.code, 2);
    assert.match(here.stderr, /STRATOS_TEST_UNSET_DB is not set/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
