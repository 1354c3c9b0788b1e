/**
 * Test support: a private instance of a real server (PostgreSQL, MariaDB, Kafka...) on free
 * loopback ports with its own temporary data folder, which a test can stop (cleanly, or with
 * SIGKILL like a crash) and start again on the same port with the same data. The shared services
 * of `tests/infra/services.ts` are never touched.
 *
 * @module
 */

import { isAlive, logTail, sleep } from "../infra/services/proc.ts";
import { processInfo } from "../infra/services/records.ts";

/** A running server process, however it was started. */
export interface ServerProcessHandle {
  /** Sends `signal` to it (nothing happens if it is gone). */
  signal(signal: Deno.Signal): void;
  /** Resolves once it has exited. */
  exited: Promise<unknown>;
}

/** A private server that can go down and come back. */
export interface PrivateServer {
  /** How clients reach it: a connection URL, or `host:port` for Kafka. */
  url: string;
  /** The clients' port (the same across restarts). */
  port: number;
  /** Its temporary folder (data, socket, log); removed by {@link dispose}. */
  dir: string;
  /** Its log file. */
  log: string;
  /** Kills it (SIGKILL, like a crash) and waits for it to exit. */
  kill(): Promise<void>;
  /** Stops it with its clean shutdown signal and waits (SIGKILL if that takes too long). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data; resolves once it answers. */
  restart(): Promise<void>;
  /** Stops it if it runs and removes its folder. */
  dispose(): Promise<void>;
}

/** How to run one private server. */
export interface PrivateServerSpec {
  /** See {@link PrivateServer.url}. */
  url: string;
  /** See {@link PrivateServer.port}. */
  port: number;
  /** See {@link PrivateServer.dir}. */
  dir: string;
  /** See {@link PrivateServer.log}. */
  log: string;
  /** Starts the server and resolves once it answers clients. */
  start(): Promise<ServerProcessHandle>;
  /** Runs once after the first start (e.g. creates users). */
  setup?(): Promise<void>;
  /** The signal that shuts it down cleanly. */
  stopSignal: Deno.Signal;
  /** How long a clean shutdown may take before SIGKILL, in ms. @default 30000 */
  stopTimeoutMs?: number;
}

/**
 * Starts the server of `spec`, runs its setup and returns its controls; if either fails, the
 * server is stopped and its folder removed.
 */
export async function privateServer(spec: PrivateServerSpec): Promise<PrivateServer> {
  let running: ServerProcessHandle | undefined;
  const end = async (signal: Deno.Signal) => {
    const current = running;
    if (!current) return;
    running = undefined;
    current.signal(signal);
    const timer = setTimeout(() => current.signal("SIGKILL"), spec.stopTimeoutMs ?? 30_000);
    try {
      await current.exited;
    } finally {
      clearTimeout(timer);
    }
  };
  const dispose = async () => {
    await end(spec.stopSignal);
    await Deno.remove(spec.dir, { recursive: true }).catch(() => {});
  };
  try {
    running = await spec.start();
    await spec.setup?.();
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    url: spec.url,
    port: spec.port,
    dir: spec.dir,
    log: spec.log,
    kill: () => end("SIGKILL"),
    stop: () => end(spec.stopSignal),
    async restart() {
      if (running) throw new Error(`the server on port ${spec.port} is running`);
      running = await spec.start();
    },
    dispose,
  };
}

/** A server program to run as a child process. */
export interface ChildServer {
  /** What it is, for errors (e.g. `mariadbd on port 3306`). */
  what: string;
  /** The program. */
  cmd: string;
  /** Its arguments. */
  args: string[];
  /** File its output is appended to. */
  log: string;
  /** Working folder. */
  cwd?: string;
  /** True once it answers clients. */
  ready(): Promise<boolean>;
  /** How long start-up may take, in ms. */
  timeoutMs: number;
}

/**
 * Spawns the server as a child (`sh` execs it, so the child is the server itself) and waits
 * until it is ready; fails with the last lines of its log if it exits first or takes too long.
 */
export async function startChild(server: ChildServer): Promise<ServerProcessHandle> {
  const handle = childHandle(spawnLogged(server.cmd, server.args, server.log, server.cwd));
  await waitUntilReady(server.what, server.ready, handle, server.log, server.timeoutMs);
  return handle;
}

/** The handle of a child process. */
function childHandle(child: Deno.ChildProcess): ServerProcessHandle {
  return {
    signal(signal) {
      try {
        child.kill(signal);
      } catch { /* already gone */ }
    },
    exited: child.status,
  };
}

/**
 * The handle of a process known only by its pid (e.g. a daemon that `pg_ctl` started). It has
 * exited once its pid is gone: a zombie not reaped yet still holds the pid, and a server that
 * checks its old pid file would take it for a running server (for 5 s at most).
 */
export function pidHandle(pid: number): ServerProcessHandle {
  return {
    signal(signal) {
      try {
        Deno.kill(pid, signal);
      } catch { /* already gone */ }
    },
    exited: (async () => {
      while (await isAlive(pid)) await sleep(50);
      const deadline = Date.now() + 5000;
      while (await processInfo(pid) && Date.now() < deadline) await sleep(50);
    })(),
  };
}

/** Spawns `cmd args...` as a child with `sh`, which execs it, its output appended to `log`. */
function spawnLogged(
  cmd: string,
  args: string[],
  log: string,
  cwd?: string,
): Deno.ChildProcess {
  const script = 'log=$1; shift; exec "$@" >>"$log" 2>&1 </dev/null';
  return new Deno.Command("sh", {
    args: ["-c", script, "sh", log, cmd, ...args],
    cwd,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/**
 * Polls `ready` until it is true. Fails, with the last lines of `log`, when the process of
 * `handle` exits first or after `timeoutMs`.
 */
async function waitUntilReady(
  what: string,
  ready: () => Promise<boolean>,
  handle: ServerProcessHandle,
  log: string,
  timeoutMs: number,
): Promise<void> {
  let exited = false;
  handle.exited.then(() => exited = true);
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (exited || Date.now() > deadline) {
      const why = exited ? "exited during start-up" : `did not answer within ${timeoutMs} ms`;
      handle.signal("SIGKILL");
      await handle.exited;
      throw new Error(`${what} ${why}; see ${log}${await logTail(log)}`);
    }
    await sleep(100);
  }
}
