/**
 * Starting servers under test as child processes and waiting until they answer.
 *
 * @module
 */

/** A running server process. */
export interface ServerProcess {
  /** Base URL. */
  url: string;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and waits for it. */
  stop(): Promise<void>;
  /** The child process. */
  child: Deno.ChildProcess;
}

/**
 * V8 options Stratos runs with: stacks of calls under JS Promise Integration start small and grow
 * as the guest needs (without it each such call gets a stack of about 1 MB, whose setting up and
 * freeing costs a fifth of a database handler's throughput); and V8's `gc` function, with which
 * each isolate collects what its start left behind once it serves.
 */
export const V8_FLAGS = "--v8-flags=--experimental-wasm-growable-stacks,--expose-gc";

/** The permissions `deno task start` runs Stratos with. */
export const STRATOS_PERMISSIONS: readonly string[] = [
  "--allow-net",
  "--allow-read",
  "--allow-env",
  "--allow-sys",
  "--allow-import",
  "--unstable-net",
  V8_FLAGS,
];

/** Stratos's entry point. */
export const STRATOS_MAIN: string = new URL("../main.ts", import.meta.url).pathname;

/**
 * `deno` arguments that start Stratos on `path` (as `deno task start` does) plus `extra`.
 * `STRATOS_BENCH_DENO_FLAGS` adds Deno flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to
 * profile the server under a benchmark's load.
 */
export function stratosArgs(path: string, ...extra: string[]): string[] {
  const flags = Deno.env.get("STRATOS_BENCH_DENO_FLAGS")?.split(" ").filter(Boolean) ?? [];
  return ["run", ...STRATOS_PERMISSIONS, ...flags, STRATOS_MAIN, "start", path, ...extra];
}

/** Stops a child process: SIGTERM, then SIGKILL after 5 s; waits for it to exit. */
export async function stopChild(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch { /* already gone */ }
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, 5000);
  await child.status;
  clearTimeout(timer);
}

/** Finds a free TCP port on 127.0.0.1. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Options of {@link startServer}. */
export interface StartOptions {
  /** The path polled until it answers. @default "/" */
  readyPath?: string;
  /** How long to wait for the first answer. @default 30000 */
  timeoutMs?: number;
  /** Environment variables added to the inherited ones. */
  env?: Record<string, string>;
  /** Where the server's stderr goes. @default "inherit" */
  stderr?: "inherit" | "null";
}

/**
 * Spawns `command args...` and polls `readyPath` on `port` until it answers (or stops it and
 * fails after `timeoutMs`).
 */
export async function startServer(
  command: string,
  args: string[],
  port: number,
  options: StartOptions = {},
): Promise<ServerProcess> {
  const { readyPath = "/", timeoutMs = 30_000, env = {}, stderr = "inherit" } = options;
  const child = new Deno.Command(command, {
    args,
    stdout: "null",
    stderr,
    env: { NO_COLOR: "1", ...env },
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url + readyPath);
      await res.body?.cancel();
      return { url, stop, child };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await stop();
  throw new Error(
    `server ${command} ${args.join(" ")} did not answer on ${url} within ${timeoutMs} ms`,
  );
}

/**
 * Spawns `deno args...` and polls `readyPath` on `port` until it answers (or fails after
 * `timeoutMs`).
 */
export function startDeno(
  args: string[],
  port: number,
  readyPath = "/",
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  return startServer(Deno.execPath(), args, port, { readyPath, timeoutMs });
}

/** Resident memory of a process in MB (Linux `/proc`), or NaN elsewhere. */
export function residentMB(pid: number): number {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) a process used so far (Linux `/proc`). */
export function cpuSeconds(pid: number): number {
  const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks
}
