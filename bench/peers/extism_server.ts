/**
 * The Extism-on-Deno peer: a bare `Deno.serve` handler (a `deno serve` module, run with
 * `--parallel`, one isolate per worker) that calls the hand-written Extism plugin
 * (bench/peers/extism_hello.wat, compiled to the file named by argv[0]) through the Extism JS SDK
 * for every request: `hello <body>` for any method and path.
 *
 * Plugins are pooled per isolate: a request takes an idle one (or creates one from the module
 * compiled once), calls it, frees the call's memory blocks with `reset()` and gives it back.
 *
 * @module
 */

import createPlugin, { type Plugin } from "@extism/extism";

const module = await WebAssembly.compile(await Deno.readFile(Deno.args[0]));
const idle: Plugin[] = [await createPlugin(module, { useWasi: false })];
const octets = { "content-type": "application/octet-stream" };

async function hello(input: Uint8Array): Promise<Uint8Array> {
  const plugin = idle.pop() ?? await createPlugin(module, { useWasi: false });
  try {
    const output = await plugin.call("hello", input);
    return output === null ? new Uint8Array() : output.bytes();
  } finally {
    await plugin.reset();
    idle.push(plugin);
  }
}

export default {
  async fetch(request: Request): Promise<Response> {
    const body = new Uint8Array(await request.arrayBuffer());
    return new Response(await hello(body) as Uint8Array<ArrayBuffer>, { headers: octets });
  },
} satisfies Deno.ServeDefaultExport;
