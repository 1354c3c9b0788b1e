import assert from "node:assert/strict";
import { helloApp } from "../tests/support/hello_app.ts";
import { createLogger } from "./log.ts";
import type { BuiltinPlugin, Plugin } from "./plugins/mod.ts";
import { createKernelRuntime } from "./runtime.ts";

/** A built-in plugin that records its lifecycle calls into `calls`. */
function recorder(
  name: string,
  provides: Record<string, string[]>,
  calls: string[],
): BuiltinPlugin {
  const plugin: Plugin = {
    name,
    setup() {
      calls.push(`setup ${name}`);
      return {
        start: () => void calls.push(`start ${name}`),
        stop: () => void calls.push(`stop ${name}`),
      };
    },
  };
  return {
    manifest: { name, version: "1.0.0", kernel: "^1", entry: "./mod.ts", provides, always: true },
    url: new URL(`file:///builtin/${name}/plugin.json`),
    load: () => Promise.resolve({ default: plugin }),
  };
}

Deno.test("runtime - sources stop first, then the others; each group in reverse set-up order", async () => {
  const dir = await helloApp(
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
