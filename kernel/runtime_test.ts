import assert from "node:assert/strict";
import { DirectiveError } from "./errors.ts";
import { helloApp } from "../tests/support/hello_app.ts";
import { createLogger } from "./log.ts";
import { stratosError } from "../tests/support/errors.ts";
import { defineHostFunction } from "./wasm/host_function.ts";
import { ConnectionHealth } from "./connection/mod.ts";
import { StratosError } from "./errors.ts";
import type { BuiltinPlugin, Plugin, PluginContext } from "./plugins/mod.ts";
import { CoordinatedRequest } from "./request/mod.ts";
import { createKernelRuntime } from "./runtime.ts";

const quiet = createLogger({ level: "off" });

/** A built-in plugin, always loaded, with `provides` and `setup`. */
function builtin(
  name: string,
  provides: Record<string, string[]>,
  setup: Plugin["setup"],
): BuiltinPlugin {
  return {
    manifest: { name, version: "1.0.0", kernel: "^1", entry: "./mod.ts", provides, always: true },
    url: new URL(`file:///builtin/${name}/plugin.json`),
    load: () => Promise.resolve({ default: { name, setup } }),
  };
}

/** A built-in plugin that records its lifecycle calls into `calls`. */
function recorder(
  name: string,
  provides: Record<string, string[]>,
  calls: string[],
): BuiltinPlugin {
  return builtin(name, provides, () => {
    calls.push(`setup ${name}`);
    return {
      start: () => void calls.push(`start ${name}`),
      stop: () => void calls.push(`stop ${name}`),
    };
  });
}

/** A project folder with one request handler running the `hello` Runnable. */
function requestApp(): Promise<string> {
  return helloApp(
    `identifier: com.stratos.order
appVersion: v0.1.0
atmoVersion: v0.4.7
handlers:
  - type: request
    resource: /hello
    method: POST
    steps:
      - fn: hello
`,
    ["hello"],
  );
}

Deno.test("runtime - sources stop first, then the others; each group in reverse set-up order", async () => {
  const dir = await requestApp();
  const calls: string[] = [];
  const runtime = await createKernelRuntime(
    { path: dir, log: createLogger({ level: "off" }) },
    [
      recorder("a-connection", { connections: ["redis"] }, calls),
      recorder("b-source", { sources: ["request"] }, calls),
      recorder("c-capability", {}, calls),
    ],
  );
  await runtime.start();
  await runtime.stop();
  assert.deepEqual(calls, [
    "setup a-connection",
    "setup b-source",
    "setup c-capability",
    "start a-connection",
    "start b-source",
    "start c-capability",
    "stop b-source",
    "stop c-capability",
    "stop a-connection",
  ]);
});

/** Creates a runtime on the request app with `plugins`; it must fail to set up with `message`. */
async function assertSetupRefused(plugins: BuiltinPlugin[], message: string): Promise<void> {
  await assert.rejects(
    createKernelRuntime({ path: await requestApp(), log: createLogger({ level: "off" }) }, plugins),
    stratosError("STRATOS_ERR_PLUGIN_UNDECLARED", message),
  );
}

Deno.test("runtime - registerHostFunction refuses a name missing from provides.hostFunctions", async () => {
  const calls: string[] = [];
  const greet = defineHostFunction({ name: "greet", params: 0, returns: false, call: () => 0 });
  await assertSetupRefused(
    [
      recorder("a-connection", { connections: ["redis"] }, calls),
      builtin("b-greeter", { sources: ["request"], hostFunctions: ["greet_v2"] }, (ctx) => {
        ctx.registerHostFunction(greet);
      }),
    ],
    "plugin 'b-greeter' registers host function 'greet', which its manifest does not declare: " +
      'add "greet" to provides.hostFunctions in file:///builtin/b-greeter/plugin.json',
  );
  assert.deepEqual(calls, ["setup a-connection", "stop a-connection"], "set-up plugins stopped");
});

Deno.test("runtime - provide refuses a service missing from provides.services", async () => {
  await assertSetupRefused(
    [
      builtin("greeter", { sources: ["request"], services: ["greeter.names"] }, (ctx) => {
        ctx.provide("greeter.names", ["Ada"]);
        ctx.provide("greeter.backend", {});
      }),
    ],
    "plugin 'greeter' provides service 'greeter.backend', which its manifest does not declare: " +
      'add "greeter.backend" to provides.services in file:///builtin/greeter/plugin.json',
  );
});

/** A third-party plugin folder providing the stream source `ticker`; it offers its handlers. */
async function tickerPlugin(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-ticker-plugin-" });
  await Deno.writeTextFile(
    `${dir}/plugin.json`,
    JSON.stringify({
      name: "ticker",
      version: "1.0.0",
      kernel: "^1",
      entry: "./mod.ts",
      provides: { sources: ["ticker"], services: ["ticker.resources"] },
    }),
  );
  await Deno.writeTextFile(
    `${dir}/mod.ts`,
    `export default {
  name: "ticker",
  setup(ctx) {
    const handlers = ctx.handlers("ticker");
    ctx.provide("ticker.resources", handlers.map((h) => h.resource + " -> " + h.respondTo));
  },
};
`,
  );
  return dir;
}

const streamApp = (source: string) =>
  helloApp(
    `identifier: com.stratos.sources
appVersion: v0.1.0
atmoVersion: v0.4.7
handlers:
  - type: stream
    source: ${source}
    resource: seconds
    respondTo: greetings
    steps:
      - fn: hello
`,
    ["hello"],
  );

Deno.test("runtime - a third-party plugin provides a stream source the Directive's handlers use", async () => {
  const runtime = await createKernelRuntime(
    { path: await streamApp("ticker"), plugins: [await tickerPlugin()], log: quiet },
    [],
  );
  assert.deepEqual(runtime.plugins, ["ticker"]);
  assert.deepEqual(runtime.service("ticker.resources"), ["seconds -> greetings"]);
  await runtime.stop();
});

Deno.test("runtime - a source no plugin provides fails naming the handler, as Atmo does", async () => {
  const plugins = [await tickerPlugin()];
  await assert.rejects(
    createKernelRuntime({ path: await streamApp("tickr"), plugins, log: quiet }, []),
    (error: Error) => {
      assert.ok(error instanceof DirectiveError, String(error));
      assert.match(
        error.message,
        /Directive\.yaml:6:13: handler for resource seconds references source tickr that does not exist/,
      );
      return true;
    },
  );
});

Deno.test("runtime - handlers() refuses a source missing from provides.sources", async () => {
  await assertSetupRefused(
    [builtin("reader", { sources: ["request"] }, (ctx) => void ctx.handlers("nats"))],
    "plugin 'reader' serves source 'nats', which its manifest does not declare: " +
      'add "nats" to provides.sources in file:///builtin/reader/plugin.json',
  );
});

/** A built-in request source that hands a value to its next version and records its calls. */
function handingOver(calls: string[]): BuiltinPlugin {
  let version = 0;
  return builtin("relay", { sources: ["request"] }, (ctx) => {
    const mine = ++version;
    calls.push(`setup ${mine} (handed ${ctx.handover ?? "nothing"})`);
    return {
      start: () => void calls.push(`start ${mine}`),
      stop: () => void calls.push(`stop ${mine}`),
      handover: () => `listener of ${mine}`,
    };
  });
}

Deno.test("runtime - reload sets up and starts the new version before stopping the old", async () => {
  const calls: string[] = [];
  const dir = await requestApp();
  const runtime = await createKernelRuntime({ path: dir, log: quiet }, [handingOver(calls)]);
  await runtime.start();
  const first = runtime.version;
  assert.match(first, /^com\.stratos\.order v0\.1\.0 \([0-9a-f]{8}\)$/);
  await Deno.writeTextFile(
    `${dir}/Directive.yaml`,
    (await Deno.readTextFile(`${dir}/Directive.yaml`)).replace("v0.1.0", "v0.2.0"),
  );
  assert.match(await runtime.reload(), /^com\.stratos\.order v0\.2\.0 /);
  assert.equal(runtime.directive.appVersion, "v0.2.0");
  assert.deepEqual(calls, [
    "setup 1 (handed nothing)",
    "start 1",
    "setup 2 (handed listener of 1)",
    "start 2",
    "stop 1",
  ]);
  await runtime.stop();
  assert.equal(calls.at(-1), "stop 2");
});

Deno.test("runtime - a reload that fails leaves the running version as it was", async () => {
  const calls: string[] = [];
  const dir = await requestApp();
  const runtime = await createKernelRuntime({ path: dir, log: quiet }, [handingOver(calls)]);
  await runtime.start();
  const version = runtime.version;
  await Deno.writeTextFile(`${dir}/Directive.yaml`, "identifier: [broken");
  await assert.rejects(() => runtime.reload(), DirectiveError);
  await Deno.remove(`${dir}/hello.wasm`);
  await Deno.writeTextFile(`${dir}/Directive.yaml`, "identifier: x\n");
  await assert.rejects(() => runtime.reload());
  assert.equal(runtime.version, version);
  assert.deepEqual(calls, ["setup 1 (handed nothing)", "start 1"], "the old version never stopped");
  await runtime.stop();
});

/**
 * A connection plugin whose start opens its connection once `open` is called (or fails with
 * `fail`); Runnables importing `return_result` (every one) need it. A request source records its
 * context.
 */
function slowConnection(calls: string[]) {
  const opening = Promise.withResolvers<void>();
  const health = new ConnectionHealth("slow://server");
  let source: PluginContext | undefined;
  const plugins = [
    builtin("a-connection", { connections: ["redis"] }, (ctx) => {
      ctx.addConnection("slow", health, ["return_result"]);
      return {
        async start() {
          calls.push("start a-connection");
          await opening.promise;
          health.up();
          calls.push("a-connection open");
        },
        stop: () => void calls.push("stop a-connection"),
      };
    }),
    builtin("b-source", { sources: ["request"] }, (ctx) => {
      source = ctx;
      return {
        start: () => void calls.push("start b-source"),
        stop: () => void calls.push("stop b-source"),
      };
    }),
  ];
  const hello = () => {
    const request = new CoordinatedRequest({
      method: "POST",
      url: "/hello",
      body: new Uint8Array(),
    });
    return source!.execute(source!.handlers("request")[0].steps, request);
  };
  return { plugins, hello, open: opening.resolve, fail: opening.reject };
}

Deno.test("runtime - a slow connection holds back no other plugin; its handlers wait for it", async () => {
  const calls: string[] = [];
  const slow = slowConnection(calls);
  const runtime = await createKernelRuntime({ path: await requestApp(), log: quiet }, slow.plugins);
  await runtime.serve();
  assert.deepEqual(calls, ["start a-connection", "start b-source"], "both started at once");
  assert.deepEqual(runtime.pendingConnections(), ["slow"]);
  let answered = false;
  const waiting = Promise.resolve(slow.hello()).finally(() => answered = true);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(answered, false, "the request waits while its connection opens");
  slow.open();
  assert.equal((await waiting).status, 200);
  await runtime.ready();
  assert.deepEqual(runtime.pendingConnections(), []);
  await runtime.stop();
});

Deno.test("runtime - past --ready-wait a request whose connection is still opening gets 503", async () => {
  const calls: string[] = [];
  const slow = slowConnection(calls);
  const runtime = await createKernelRuntime(
    { path: await requestApp(), log: quiet, readyWaitMs: 50 },
    slow.plugins,
  );
  await runtime.serve();
  const started = performance.now();
  const outcome = await slow.hello();
  assert.ok(performance.now() - started >= 40, "it waited first");
  assert.equal(outcome.status, 503);
  assert.equal(
    outcome.error?.message,
    "not ready: connection 'slow' is still opening, try again shortly",
  );
  slow.open();
  await runtime.ready();
  assert.equal((await slow.hello()).status, 200);
  await runtime.stop();
});

Deno.test("runtime - a connection that fails at start fails start-up, and every plugin stops", async () => {
  const calls: string[] = [];
  const slow = slowConnection(calls);
  const runtime = await createKernelRuntime({ path: await requestApp(), log: quiet }, slow.plugins);
  await runtime.serve();
  slow.fail(new StratosError("STRATOS_ERR_REDIS_CONNECT", "cannot connect to Slow"));
  await assert.rejects(
    runtime.ready(),
    stratosError("STRATOS_ERR_REDIS_CONNECT", "cannot connect to Slow"),
  );
  assert.deepEqual(calls, [
    "start a-connection",
    "start b-source",
    "stop b-source",
    "stop a-connection",
  ]);
});

Deno.test("runtime - start() resolves once the connections are open (serve() and ready())", async () => {
  const slow = slowConnection([]);
  const runtime = await createKernelRuntime({ path: await requestApp(), log: quiet }, slow.plugins);
  let started = false;
  const starting = runtime.start().then(() => started = true);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(started, false);
  slow.open();
  await starting;
  await runtime.stop();
});

Deno.test("runtime - a line announced after the banner read the announcements is logged instead", async () => {
  const dir = await requestApp();
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: "info", sink: (line) => lines.push(JSON.parse(line)) });
  let late: (() => void) | undefined;
  const runtime = await createKernelRuntime({ path: dir, log }, [
    builtin("announcer", { sources: ["request"] }, (ctx) => {
      ctx.announce("early line");
      late = () => ctx.announce(() => "late line");
    }),
  ]);
  try {
    assert.deepEqual(runtime.announcements, ["early line"]);
    assert.equal(lines.some((l) => l.msg === "early line"), false);
    late!();
    assert.deepEqual(
      lines.filter((l) => l.msg === "late line").map((l) => l.plugin),
      ["announcer"],
    );
  } finally {
    await runtime.stop();
  }
});
