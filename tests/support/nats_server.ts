/**
 * Test support: a private `nats-server` process (Debian package `nats-server`) on a loopback
 * port, for tests and benchmarks that must not disturb the shared server, e.g. because they
 * kill and restart it.
 *
 * @module
 */

import { freePort } from "../../bench/process.ts";

/** A running nats-server. */
export interface NatsServerProcess {
  /** `nats://127.0.0.1:<port>`. */
  url: string;
  /** The port (stays the same across {@link restart}). */
  port: number;
  /** Kills the server (SIGKILL, like a crash) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops it (SIGTERM) if it runs. */
  stop(): Promise<void>;
}

/**
 * Starts `nats-server` on `port` (a free one by default) and waits until it accepts connections.
 * @throws {Error} if `nats-server` is not installed or does not come up within 10 s
 */
export async function startNatsServer(port = freePort()): Promise<NatsServerProcess> {
  let child: Deno.ChildProcess | undefined;
  const spawn = async () => {
    try {
      child = new Deno.Command("nats-server", {
        args: ["-a", "127.0.0.1", "-p", String(port)],
        stdout: "null",
        stderr: "null",
      }).spawn();
    } catch (error) {
      throw new Error(
        `cannot run nats-server (apt-get install -y nats-server): ${
          error instanceof Error ? error.message : error
        }`,
      );
    }
    await waitForPort(port, 10_000);
  };
  const end = async (signal: Deno.Signal) => {
    if (!child) return;
    const running = child;
    child = undefined;
    try {
      running.kill(signal);
    } catch { /* already gone */ }
    await running.status;
  };
  await spawn();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    kill: () => end("SIGKILL"),
    restart: spawn,
    stop: () => end("SIGTERM"),
  };
}

/** Waits until something accepts TCP connections on 127.0.0.1:`port`. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms: ${error}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
