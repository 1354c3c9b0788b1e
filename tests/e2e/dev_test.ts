/**
 * `stratos dev` on an app made by `stratos new`, from outside the checkout: editing the
 * Runnable's source changes the answer within the rebuild time while a client keeps sending
 * requests (none fails), the server's process stays the same, and a syntax error keeps the old
 * version serving and shows the compiler's message.
 */

import assert from "node:assert/strict";
import { freePort } from "../../bench/process.ts";
import { launch, stratos } from "../support/launcher.ts";

/** Resolves once `poll` returns true, polling every 100 ms, or fails after `ms`. */
async function until(poll: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!(await poll())) {
    if (performance.now() > end) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

Deno.test("dev - an edit is swapped in under load; a syntax error keeps the old version", async () => {
  const home = await Deno.makeTempDir({ prefix: "stratos-dev-" });
  assert.equal((await stratos(["new", "demo"], home)).code, 0);
  const app = `${home}/demo`;
  const port = freePort();
  const child = launch(["dev", "--port", String(port), "--hostname", "127.0.0.1"], app);
  const stderr: string[] = [];
  const reading = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (chunk) => void stderr.push(chunk) }),
  );
  child.stdout.pipeTo(new WritableStream()).catch(() => {});
  const url = `http://127.0.0.1:${port}/hello`;
  const ask = async (body: string) => {
    const response = await fetch(url, { method: "POST", body });
    return { status: response.status, text: await response.text() };
  };
  const answers: { status: number; text: string }[] = [];
  const failures: string[] = [];
  let sending = true;
  try {
    await until(() => ask("x").then((a) => a.status === 200, () => false), 60_000, "serving");
    const client = (async () => {
      while (sending) {
        try {
          answers.push(await ask("world"));
        } catch (error) {
          failures.push(String(error));
        }
      }
    })();
    const lib = `${app}/hello/src/lib.ts`;
    const source = await Deno.readTextFile(lib);
    await Deno.writeTextFile(lib, source.replace('"hello "', '"hi "'));
    await until(async () => (await ask("world")).text === "hi world", 20_000, "the swap");
    await Deno.writeTextFile(lib, source.replace('"hello "', '"hi "') + "\nbroken(\n");
    await until(
      () => Promise.resolve(stderr.join("").includes("keeps serving")),
      20_000,
      "the compiler's message",
    );
    assert.match(stderr.join(""), /ERROR TS\d+/);
    assert.equal((await ask("still")).text, "hi still");
    sending = false;
    await client;
    assert.deepEqual(failures, [], "no request failed");
    assert.ok(answers.length > 20, `${answers.length} answers during the swap`);
    assert.ok(answers.every((a) => a.status === 200));
    assert.deepEqual(
      [...new Set(answers.map((a) => a.text))].sort(),
      ["hello world", "hi world"],
    );
    const cmdline = await Deno.readTextFile(`/proc/${child.pid}/cmdline`);
    assert.match(cmdline, /dev/, "the process that was started still serves");
  } finally {
    sending = false;
    child.kill("SIGTERM");
    const { code } = await child.status;
    await reading.catch(() => {});
    assert.equal(code, 0);
    await Deno.remove(home, { recursive: true });
  }
});
