import assert from "node:assert/strict";
import { againstTarget } from "./peers.ts";
import {
  buildExtismPlugin,
  buildHelloComponent,
  ensurePeerTools,
  startExtism,
  startWasmtime,
  WASMTIME_CONFIGS,
} from "./peers/mod.ts";
import type { ServerProcess } from "./process.ts";

const BIG = "p".repeat(100_000); // more than one read and many 4 KiB writes of the wasi:http guest

/** Checks `hello <body>` for small, empty and large bodies, GET without a body, and repeats. */
async function assertHello(server: ServerProcess, what: string): Promise<void> {
  const started = performance.now();
  for (const body of ["world", "", BIG]) {
    const response = await fetch(`${server.url}/hello`, { method: "POST", body });
    assert.equal(response.status, 200, `${what}: POST with ${body.length} bytes`);
    assert.equal(await response.text(), `hello ${body}`, `${what}: POST with ${body.length} bytes`);
  }
  const get = await fetch(`${server.url}/anything`);
  assert.equal(await get.text(), "hello ", `${what}: GET`);
  // Concurrent requests, each answered with its own body (instances and plugins are reused).
  const answers = await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const response = await fetch(`${server.url}/hello`, { method: "POST", body: `n${i}` });
      return await response.text();
    }),
  );
  answers.forEach((answer, i) => assert.equal(answer, `hello n${i}`, `${what}: request ${i}`));
  assert.ok(performance.now() - started < 30_000, `${what}: answered within 30 s`);
}

Deno.test("peers - wasmtime serve answers with the hand-written wasi:http guest", async () => {
  // Installs wasmtime and wasm-tools from PyPI the first time (about 90 MB; a few seconds on a
  // fast mirror), then finds them in .stratos/peers/python.
  const tools = await ensurePeerTools();
  const dir = await Deno.makeTempDir({ prefix: "stratos-peers-test-" });
  try {
    const component = await buildHelloComponent(tools, dir);
    for (const config of WASMTIME_CONFIGS) {
      const server = await startWasmtime(tools, component, config);
      try {
        await assertHello(server, config.name);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("peers - the Extism server answers with the hand-written plugin", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stratos-peers-test-" });
  try {
    const server = await startExtism(await buildExtismPlugin(dir), 2);
    try {
      await assertHello(server, "Extism on Deno");
    } finally {
      await server.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("peers - againstTarget says whether a ratio meets its target", () => {
  assert.equal(againstTarget(1.5, 1.5), "1.50× (target ≥ 1.5×: met)");
  assert.equal(againstTarget(1.19, 1.2), "1.19× (target ≥ 1.2×: not met)");
});
