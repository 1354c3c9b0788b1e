/**
 * End-to-end: Go's runtime inside Stratos: the WASI functions it uses (clock_time_get,
 * random_get, fd_write, poll_oneoff), log lines, large inputs and outputs, garbage collection
 * across invocations under the memory cap, time limits on a runaway loop, and disabled
 * capabilities surfacing as Go errors.
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
  handler("POST", "/limited/:op", "fn: probe").replace("    steps:", "    timeout: 1\n    steps:");

Deno.test({
  name: "go sdk - Go's runtime on Stratos",
  ignore: !HAS_GO,
  async fn(t) {
    await withGoApp({ directive: DIRECTIVE, probe: true }, async (app) => {
      const logged = (msg: string) => app.logs.find((l) => l.msg === msg);

      await t.step("the clock, sleeping, stdout and stderr", async () => {
        const year = Number((await probeCall(app, "clock")).text);
        assert.equal(year, new Date().getUTCFullYear());
        assert.match((await probeCall(app, "sleep?ms=30")).text, /^slept (3\d|[4-9]\d) ms$/);
        assert.equal((await probeCall(app, "stdio", "out")).text, "written");
        assert.equal(logged("stdout: out")?.level, "info");
        assert.equal(logged("stdout: out")?.stream, "stdout");
        assert.equal(logged("stderr: out")?.level, "warn");
      });

      await t.step("log lines at every level, with the module and request id", async () => {
        assert.equal((await probeCall(app, "log", "x")).text, "logged");
        const levels = ["debug", "info", "warn", "error", "other"].map((name) => {
          const line = logged(`${name}: x`);
          assert.ok(line, `no log line "${name}: x"`);
          assert.equal(line.module, PROBE_FQFN);
          assert.ok(line.request_id);
          return line.level;
        });
        assert.deepEqual(levels, ["debug", "info", "warn", "error", "info"]);
      });

      await t.step("large inputs and outputs pass unchanged", async () => {
        const big = new Uint8Array(8 << 20).map((_, i) => (i * 7) & 0xff);
        const res = await fetch(`${app.url}/probe/echo`, { method: "POST", body: big });
        assert.equal(res.status, 200);
        assert.deepEqual(new Uint8Array(await res.arrayBuffer()), big);
        assert.equal((await probeCall(app, "echo", "")).text, "");
      });

      await t.step("garbage is collected between invocations under the memory cap", async () => {
        for (let i = 0; i < 25; i++) {
          const res = await probeCall(app, "alloc?mb=24");
          assert.equal(res.text, "allocated 24 MiB", `invocation ${i}`);
        }
      });

      await t.step("a runaway loop is stopped at the time limit (504)", async () => {
        const started = performance.now();
        const res = await app.request("/limited/loop", { method: "POST" });
        assert.equal(res.status, 504);
        assert.ok(performance.now() - started < 5000);
        assert.equal((await probeCall(app, "echo", "next")).text, "next");
      });
    });
  },
});

Deno.test({
  name: "go sdk - disabled capabilities are Go errors with the host's text",
  ignore: !HAS_GO,
  async fn() {
    const directive = `capabilities:
  cache:
    enabled: false
  file:
    enabled: false
  requestHandler:
    allowGetField: false
handlers:
${handler("POST", "/cache", "fn: cache-set")}${handler("GET", "/file/*file", "fn: get-file")}`;
    await withGoApp(
      { directive, examples: ["cache-set", "get-file"], static: { "a.txt": "a" } },
      async (app) => {
        const cache = await app.request("/cache", { method: "POST", body: "v" });
        assert.equal(cache.status, 500);
        assert.equal(errorBody(cache.text).message, "capability is not enabled");
        const file = await app.request("/file/a.txt");
        assert.equal(file.status, 500, "reading the URL parameter fails first");
        assert.equal(errorBody(file.text).message, "capability is not enabled");
      },
    );
  },
});
