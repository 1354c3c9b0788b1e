/**
 * End-to-end: errors of Go Runnables on Stratos: stratos.NewError codes (also wrapped), other
 * errors as 500, host errors with the host's text, onErr in a sequence, a recovered panic (logged
 * with the request's id) with
 * its location, and a Go runtime crash (out of memory) that costs only its instance.
 */

import assert from "node:assert/strict";
import {
  errorBody,
  handler,
  HAS_GO,
  PROBE_FQFN,
  PROBE_HANDLER,
  probeCall,
  withGoApp,
} from "./support.ts";

const DIRECTIVE = "handlers:\n" + PROBE_HANDLER +
  handler(
    "POST",
    "/on-err/:op",
    "fn: probe\nas: failed\nonErr:\n  code:\n    418: continue\n  other: return",
    "fn: hello",
  ) +
  handler(
    "POST",
    "/any-err/:op",
    "fn: probe\nas: failed\nonErr:\n  any: continue",
    "fn: shout\nwith:\n  text: failed",
  );

Deno.test({
  name: "go sdk - errors, onErr, panics and crashes",
  ignore: !HAS_GO,
  async fn(t) {
    await withGoApp(
      { directive: DIRECTIVE, probe: true, examples: ["hello", "shout"] },
      async (app) => {
        await t.step(
          "NewError's code is the status; wrapping keeps the code and the text",
          async () => {
            const res = await probeCall(app, "error?code=418");
            assert.equal(res.status, 418);
            assert.deepEqual(errorBody(res.text), { status: 418, message: "probe: teapot" });
            const unknown = await probeCall(app, "nope");
            assert.equal(unknown.status, 400);
            assert.deepEqual(errorBody(unknown.text), {
              status: 400,
              message: 'unknown op "nope"',
            });
          },
        );

        await t.step("a code outside 200-599 answers 500", async () => {
          for (const code of [-7, 0, 99, 600]) {
            const res = await probeCall(app, `error?code=${code}`);
            assert.equal(res.status, 500, `code ${code}`);
            assert.equal(errorBody(res.text).message, "probe: teapot");
          }
        });

        await t.step("any other error is a 500 with its text", async () => {
          const res = await probeCall(app, "plain");
          assert.equal(res.status, 500);
          assert.deepEqual(errorBody(res.text), { status: 500, message: "plain failure" });
        });

        await t.step(
          "onErr continues on the error's code and stores the error as state",
          async () => {
            const res = await app.request("/on-err/error?code=418", { method: "POST", body: "x" });
            assert.equal(res.status, 200);
            assert.equal(res.text, "hello x");
            const other = await app.request("/on-err/error?code=409", {
              method: "POST",
              body: "x",
            });
            assert.equal(other.status, 409);
            // shout upper-cases the state value it is given: the stored error.
            const stored = await app.request("/any-err/error?code=451", { method: "POST" });
            assert.equal(stored.status, 200);
            assert.equal(stored.text, '{"CODE":451,"MESSAGE":"PROBE: TEAPOT"}!');
            const plain = await app.request("/any-err/plain", { method: "POST" });
            assert.equal(plain.text, '{"CODE":500,"MESSAGE":"PLAIN FAILURE"}!');
          },
        );

        await t.step(
          "a panic is a located abort (HTTP 500) and the instance lives on",
          async () => {
            const before =
              JSON.parse((await app.request("/meta/metrics")).text).modules[PROBE_FQFN];
            const res = await probeCall(app, "panic");
            assert.equal(res.status, 500);
            assert.match(
              errorBody(res.text).message,
              /^runnable abort: panic: boom; file: github\.com\/stratos-run\/stratos\/tests\/go\/probe\/main\.go, line: \d+, col: 0$/,
            );
            const logged = app.logs.find((l) =>
              l.msg === "invocation failed" && String(l.error).startsWith("runnable abort: panic")
            );
            assert.match(String(logged?.error), /^runnable abort: panic: boom; file: /);
            assert.match(String(logged?.request_id), /^[0-9a-f-]{36}$/, "tied to the request");
            assert.equal((await probeCall(app, "echo", "still here")).text, "still here");
            const after = JSON.parse((await app.request("/meta/metrics")).text).modules[PROBE_FQFN];
            assert.equal(
              after.failures,
              before.failures,
              "a recovered panic is not an instance failure",
            );
          },
        );

        await t.step("running out of memory crashes only the instance", async () => {
          const results: number[] = [];
          for (let i = 0; i < 6; i++) results.push((await probeCall(app, "grow?mb=16")).status);
          assert.ok(results.includes(500), `statuses ${results}`);
          const crash = app.logs.find((l) => l.msg === "fatal error: out of memory");
          assert.ok(crash, "Go's runtime reports the crash on stderr");
          const failed = app.logs.find((l) =>
            l.msg === "invocation failed" && l.request_id === crash.request_id
          );
          assert.match(String(failed?.error), /^fatal error: out of memory \(/, "and says why");
          assert.equal((await probeCall(app, "echo", "fresh instance")).text, "fresh instance");
        });
      },
      // Instances stay warm up to the memory cap, so repeated growth reaches it.
      { warmMemoryMiB: 64 },
    );
  },
});
