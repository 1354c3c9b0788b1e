/**
 * Test support: a private `redis-server` process on a loopback port, for tests that stop,
 * freeze or restart Redis (the shared server must never be disturbed).
 *
 * @module
 */

import { freePort } from "../../bench/process.ts";
import { waitForPort } from "./nats_server.ts";

/** A running redis-server. */
export interface RedisServerProcess {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** The port (the same across {@link restart}). */
  port: number;
  /** Kills the server (SIGKILL, like a crash) and waits for it to exit. */
  kill(): Promise<void>;
  /**
   * Freezes the server (SIGSTOP): connections stay open, nothing is answered. Resolves once the
   * process is stopped (a signal takes effect a moment after it is sent, and a command written
   * in that moment would still be answered).
   */
  freeze(): Promise<void>;
  /** Lets a frozen server go on (SIGCONT). */
  thaw(): void;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops it (SIGTERM) if it runs. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on `port` (a free one by default) and waits until it accepts
 * connections. Without `dir` nothing is kept; with it, the data is kept in that folder (an
 * append-only file synced at every write), so it survives a kill and a restart. The caller
 * removes the folder.
 * @throws {Error} if `redis-server` is not installed or does not come up within 10 s
 */
export async function startRedisServer(
  port = freePort(),
  dir?: string,
): Promise<RedisServerProcess> {
  let child: Deno.ChildProcess | undefined;
  const persistence = dir
    ? ["--dir", dir, "--appendonly", "yes", "--appendfsync", "always"]
    : ["--appendonly", "no"];
  const spawn = async () => {
    try {
      child = new Deno.Command("redis-server", {
        args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence],
        stdout: "null",
        stderr: "null",
      }).spawn();
    } catch (error) {
      throw new Error(
        `cannot run redis-server (apt-get install -y redis-server): ${
          error instanceof Error ? error.message : error
        }`,
      );
    }
    await waitForPort(port, 10_000);
  };
  const signal = (name: Deno.Signal) => {
    try {
      child?.kill(name);
    } catch { /* already gone */ }
  };
  const end = async (name: Deno.Signal) => {
    if (!child) return;
    const running = child;
    // A frozen process would not act on SIGTERM; SIGKILL ends it as it is, without letting it
    // answer what it was sent meanwhile.
    if (name !== "SIGKILL") signal("SIGCONT");
    signal(name);
    child = undefined;
    await running.status;
  };
  await spawn();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => end("SIGKILL"),
    async freeze() {
      signal("SIGSTOP");
      const pid = child?.pid;
      const deadline = Date.now() + 5000;
      // The state is the field after the parenthesised command name of /proc/<pid>/stat.
      while (pid !== undefined && !/\) T /.test(await Deno.readTextFile(`/proc/${pid}/stat`))) {
        if (Date.now() > deadline) throw new Error(`redis-server ${pid} did not stop`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    },
    thaw: () => signal("SIGCONT"),
    restart: spawn,
    stop: () => end("SIGTERM"),
  };
}
