/**
 * NATS with JetStream: `nats-server -a 127.0.0.1 -p 4222 -js -sd <dir>` from Debian's
 * `nats-server` package.
 *
 * @module
 */

import { ENDPOINTS, HOST, ServiceError } from "./config.ts";
import { logFile, serviceDir } from "./paths.ts";
import { natsInfo } from "./probes.ts";
import { spawnDaemon, which } from "./proc.ts";
import { ensureServiceDir, type Service, waitReady } from "./service.ts";

const PORT = ENDPOINTS.nats.port;

/** The nats-server arguments: loopback, fixed port, JetStream stored under `storeDir`. */
export function natsArgs(storeDir: string): string[] {
  return ["-a", HOST, "-p", String(PORT), "-js", "-sd", storeDir];
}

/** The NATS service. */
export const nats: Service = {
  name: "nats",
  match: "nats-server",
  stopSignal: "SIGTERM",
  stopTimeoutMs: 10_000,
  startTimeoutMs: 20_000,
  async missingPackages() {
    return (await which("nats-server")) ? [] : ["nats-server"];
  },
  async probe() {
    return (await natsInfo(PORT)) !== undefined;
  },
  async start(spawned) {
    await ensureServiceDir("nats");
    const binary = (await which("nats-server")) ?? "nats-server";
    const pid = await spawnDaemon(
      binary,
      natsArgs(`${serviceDir("nats")}/jetstream`),
      logFile("nats"),
    );
    await spawned(pid);
    await waitReady(nats, pid);
    return pid;
  },
  async verify() {
    const info = await natsInfo(PORT);
    if (info && !info.jetstream) {
      throw new ServiceError(`nats on port ${PORT} (version ${info.version}) has JetStream off`);
    }
  },
};
