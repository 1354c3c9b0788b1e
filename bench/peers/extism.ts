/**
 * The Extism-on-Deno peer: compiles the hand-written plugin (extism_hello.wat) and starts
 * extism_server.ts with `deno serve --parallel` (one isolate per worker, `reusePort`-style load
 * balancing by Deno), the Extism JS SDK pinned in deno.json.
 *
 * @module
 */

import { wat } from "../../scripts/build/wat.ts";
import { freePort, type ServerProcess, startServer } from "../process.ts";

const HERE = new URL("./", import.meta.url);

/** Writes the compiled plugin into `dir`; returns its path. */
export async function buildExtismPlugin(dir: string): Promise<string> {
  const path = `${dir}/extism_hello.wasm`;
  const source = await Deno.readTextFile(new URL("extism_hello.wat", HERE));
  await Deno.writeFile(path, await wat(source, "extism_hello.wat"));
  return path;
}

/** Starts the Extism server on `plugin` with `isolates` workers on a free loopback port. */
export async function startExtism(plugin: string, isolates: number): Promise<ServerProcess> {
  const port = freePort();
  return await startServer(
    Deno.execPath(),
    [
      "serve",
      "--parallel",
      `--allow-read=${plugin}`,
      "--allow-env",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      new URL("extism_server.ts", HERE).pathname,
      plugin,
    ],
    port,
    { env: { DENO_JOBS: String(isolates) } },
  );
}
