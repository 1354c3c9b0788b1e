/**
 * Redis from Debian's `redis-server` package, run in the foreground in the background:
 * loopback only, no persistence (`--save ""`, no AOF).
 *
 * @module
 */

import { ENDPOINTS, HOST, ServiceError } from "./config.ts";
import { logFile, serviceDir } from "./paths.ts";
import { redisPing } from "./probes.ts";
import { spawnDaemon, which } from "./proc.ts";
import { ensureServiceDir, type Service, waitReady } from "./service.ts";

const PORT = ENDPOINTS.redis.port;

/** The redis-server arguments: loopback, fixed port, nothing saved, working dir `dir`. */
export function redisArgs(dir: string): string[] {
  return [
    "--port",
    String(PORT),
    "--bind",
    HOST,
    "--daemonize",
    "no",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    dir,
    "--logfile",
    "",
  ];
}

/** The Redis service. */
export const redis: Service = {
  name: "redis",
  match: "redis-server",
  stopSignal: "SIGTERM",
  stopTimeoutMs: 10_000,
  startTimeoutMs: 20_000,
  async missingPackages() {
    return (await which("redis-server")) ? [] : ["redis-server"];
  },
  async probe() {
    const answer = await redisPing(PORT);
    return answer !== undefined && (answer === "+PONG" || answer.startsWith("-"));
  },
  async start(spawned) {
    const dir = await ensureServiceDir("redis");
    const binary = (await which("redis-server")) ?? "redis-server";
    const pid = await spawnDaemon(binary, redisArgs(dir), logFile("redis"), {
      cwd: serviceDir("redis"),
    });
    await spawned(pid);
    await waitReady(redis, pid);
    return pid;
  },
  async verify() {
    const answer = await redisPing(PORT);
    if (answer !== "+PONG") {
      throw new ServiceError(`redis on port ${PORT} answered PING with '${answer}'`);
    }
  },
};
