/**
 * The shape every service module fills in, and the wait-until-it-answers loop they share.
 *
 * @module
 */

import { ENDPOINTS, formatSeconds, ServiceError, type ServiceName } from "./config.ts";
import { display, logFile, serviceDir } from "./paths.ts";
import { isAlive, logTail, sleep } from "./proc.ts";

/** One service: how to install, start, recognise and check it. */
export interface Service {
  /** Its name. */
  readonly name: ServiceName;
  /** Text in the daemon's command line (to recognise our pid). */
  readonly match: string;
  /** Signal that stops it cleanly. */
  readonly stopSignal: Deno.Signal;
  /** How long a clean stop may take before SIGKILL. */
  readonly stopTimeoutMs: number;
  /** How long start-up may take. */
  readonly startTimeoutMs: number;
  /** Debian packages to install first ([] when everything is there). */
  missingPackages(): Promise<string[]>;
  /** What {@link prepare} will fetch, for the progress line; undefined when nothing. */
  prepareNeeded?(): Promise<string | undefined>;
  /** Work after the packages and before start that needs no apt lock (Kafka's jars). */
  prepare?(): Promise<void>;
  /** True when the service answers its own protocol on its port. */
  probe(): Promise<boolean>;
  /**
   * Starts the daemon, tells `spawned` its pid as soon as it is known, and waits until it
   * answers; returns the daemon's pid.
   */
  start(spawned: (pid: number) => Promise<void>): Promise<number>;
  /** Throws a {@link ServiceError} if a running service is not usable as configured. */
  verify?(): Promise<void>;
}

/** Polls `probe` until it answers; fails early if `pid` exits, and at the service's timeout. */
export async function waitReady(service: Service, pid?: number): Promise<void> {
  const started = Date.now();
  const deadline = started + service.startTimeoutMs;
  let delay = 50;
  while (Date.now() < deadline) {
    if (await service.probe()) return;
    if (pid !== undefined && !(await isAlive(pid))) {
      if (await service.probe()) return;
      throw await startError(service.name, `exited during start-up`);
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 250);
  }
  throw await startError(
    service.name,
    `did not answer on 127.0.0.1:${ENDPOINTS[service.name].port} within ${
      formatSeconds(service.startTimeoutMs)
    }`,
  );
}

/** A start-up error naming the service and its log file, with the log's last lines. */
export async function startError(
  name: ServiceName,
  what: string,
  log = logFile(name),
): Promise<ServiceError> {
  return new ServiceError(`${name} ${what}; see ${display(log)}${await logTail(log)}`);
}

/** Creates a service's folder (and returns it). */
export async function ensureServiceDir(name: ServiceName): Promise<string> {
  const dir = serviceDir(name);
  await Deno.mkdir(dir, { recursive: true });
  return dir;
}

/** True when a path exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
