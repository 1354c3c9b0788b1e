import assert from "node:assert/strict";
import { cacheFunctions, SharedMemoryCache } from "../capabilities/cache/mod.ts";
import { dbExec, queryCatalog } from "../capabilities/db/mod.ts";
import { graphqlQuery } from "../capabilities/graphql/mod.ts";
import { fetchUrl } from "../capabilities/http-client/mod.ts";
import type { OutboundClient } from "../capabilities/lib/outbound/mod.ts";
import { logMsg } from "../capabilities/log/mod.ts";
import { requestFunctions } from "../capabilities/request/mod.ts";
import { defaultCapabilities } from "../kernel/directive/mod.ts";
import { ABI_FUNCTIONS } from "../kernel/wasm/abi.ts";
import type { HostFunction } from "../kernel/wasm/host_function.ts";
import { wat } from "../scripts/build/wat.ts";
import {
  HELLO_ROUTES,
  helloRunnableWat,
  IO_IMPORTS,
  startHelloApp,
  writeHelloApp,
} from "./io_app.ts";

Deno.test("io_app - IO_IMPORTS have the shapes of the runtime's host functions", () => {
  const caps = defaultCapabilities();
  // Only the descriptors are read: the client is never called.
  const client = {} as OutboundClient;
  const defined: HostFunction[] = [
    ...ABI_FUNCTIONS,
    fetchUrl(caps.http, client),
    graphqlQuery(caps.graphql, client),
    ...cacheFunctions(caps.cache, {
      current: new SharedMemoryCache({ maxEntries: 16, maxBytes: 4096 }),
    }, true),
    dbExec(queryCatalog(caps.db), {}),
    logMsg(true),
    ...requestFunctions(caps.requestHandler),
  ];
  for (const [name, shape] of Object.entries(IO_IMPORTS)) {
    const fn = defined.find((f) => f.name === name);
    assert.ok(fn, `${name} is a host function of the runtime`);
    assert.deepEqual(shape, { params: fn.params, returns: fn.returns }, name);
  }
});

/** The bytes of a module's code section (id 10). */
function codeSection(binary: Uint8Array): Uint8Array {
  let at = 8;
  while (at < binary.length) {
    const id = binary[at++];
    let size = 0;
    for (let shift = 0;; shift += 7) {
      const byte = binary[at++];
      size |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    if (id === 10) return binary.subarray(at, at + size);
    at += size;
  }
  throw new Error("no code section");
}

Deno.test("io_app - the two Runnables differ only in their imports", async () => {
  const pure = await wat(helloRunnableWat("pure"));
  const io = await wat(helloRunnableWat("io"));
  const names = (binary: Uint8Array<ArrayBuffer>) =>
    WebAssembly.Module.imports(new WebAssembly.Module(binary)).map((i) => `${i.module}.${i.name}`);
  assert.deepEqual(names(pure), ["env.return_result"]);
  assert.deepEqual(names(io), [
    "env.return_result",
    ...Object.keys(IO_IMPORTS).map((name) => `env.${name}`),
  ]);
  const exports = (binary: Uint8Array<ArrayBuffer>) =>
    WebAssembly.Module.exports(new WebAssembly.Module(binary)).map((e) => e.name);
  assert.deepEqual(exports(io), exports(pure));
  assert.deepEqual(codeSection(io), codeSection(pure));
});

Deno.test("io_app - Stratos answers hello <body> on both routes", async () => {
  const dir = await writeHelloApp();
  const server = await startHelloApp(dir, 1);
  try {
    const started = performance.now();
    const big = "b".repeat(200_000); // past the first memory page
    for (const path of Object.values(HELLO_ROUTES)) {
      for (const body of ["world", "", big]) {
        const response = await fetch(`${server.url}${path}`, { method: "POST", body });
        assert.equal(response.status, 200, `${path} with ${body.length} bytes`);
        assert.equal(await response.text(), `hello ${body}`);
      }
    }
    assert.ok(performance.now() - started < 20_000, "answered within 20 s");
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
