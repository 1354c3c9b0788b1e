/**
 * The project's test services on loopback: NATS (JetStream), Kafka (KRaft), Redis, PostgreSQL
 * and MariaDB. {@link servicesUp} installs what is missing and starts what is not answering,
 * {@link servicesDown} stops only what it started, {@link servicesStatus} reports. Connection
 * details go to `.stratos/services/env` and, on `up`, into this process's environment.
 *
 * @module
 */

import {
  ENDPOINTS,
  formatSeconds,
  renderEnv,
  resolveNames,
  SERVICE_NAMES,
  ServiceError,
  type ServiceName,
} from "./config.ts";
import { AptBatch, CommandError } from "../../../scripts/lib/mod.ts";
import { kafka } from "./kafka.ts";
import { mariadb } from "./mariadb.ts";
import { nats } from "./nats.ts";
import { ENV_FILE, logFile, serviceDir, STATE_DIR } from "./paths.ts";
import { postgres } from "./postgres.ts";
import { tcpOpen } from "./probes.ts";
import { isAlive, stopPid } from "./proc.ts";
import { liveRecord, type PidRecord, removeRecord, writeRecord } from "./records.ts";
import { redis } from "./redis.ts";
import { type Service, waitReady } from "./service.ts";

export { ENV_FILE } from "./paths.ts";
export { ENDPOINTS, SERVICE_NAMES, type ServiceName } from "./config.ts";

/** Every service by name. */
const SERVICES: Readonly<Record<ServiceName, Service>> = { nats, kafka, redis, postgres, mariadb };

/** The outcome for one service. */
export interface ServiceResult {
  /** The service. */
  name: ServiceName;
  /** False when it failed (to start, to stop, or its checks). */
  ok: boolean;
  /** True when it answers on its port afterwards. */
  up: boolean;
  /** True when this very call started it (what a caller of `up` may later stop). */
  started: boolean;
  /** What happened, e.g. `started`, `already running`, `stopped`, `not running`. */
  note: string;
  /** Its connection string. */
  url: string;
  /** The error, when `ok` is false. */
  error?: string;
}

/** Options of the service functions. */
export interface ServicesOptions {
  /** Where progress and result lines go (default: console.log). */
  print?: (line: string) => void;
}

/** One output line: name, state, URL when up, and the note (errors get their own lines). */
export function formatResult(result: ServiceResult): string {
  const name = result.name.padEnd(8);
  if (!result.ok) return `${name} FAIL  ${result.error ?? result.note}`;
  const state = (result.up ? "up" : "down").padEnd(5);
  return result.up
    ? `${name} ${state} ${result.url}  (${result.note})`
    : `${name} ${state} (${result.note})`;
}

function ok(name: ServiceName, up: boolean, note: string, started = false): ServiceResult {
  return { name, ok: true, up, started, note, url: ENDPOINTS[name].url };
}

function failed(name: ServiceName, error: unknown): ServiceResult {
  const message = error instanceof ServiceError || error instanceof CommandError
    ? error.message
    : `${name}: ${error instanceof Error ? error.message : String(error)}`;
  return {
    name,
    ok: false,
    up: false,
    started: false,
    note: "failed",
    url: ENDPOINTS[name].url,
    error: message,
  };
}

/** What `up` will do for one service, decided before anything is installed. */
type Plan =
  | { kind: "running"; record?: PidRecord }
  | { kind: "starting"; record: PidRecord }
  | { kind: "busy" }
  | { kind: "start"; packages: string[]; fetch?: string };

async function plan(service: Service): Promise<Plan> {
  const record = await liveRecord(service.name);
  if (await service.probe()) return { kind: "running", record };
  if (record) return { kind: "starting", record };
  if (await tcpOpen(ENDPOINTS[service.name].port)) return { kind: "busy" };
  const packages = await service.missingPackages();
  return { kind: "start", packages, fetch: await service.prepareNeeded?.() };
}

async function execute(
  service: Service,
  step: Plan,
  apt: AptBatch,
  t0: number,
): Promise<ServiceResult> {
  const { name } = service;
  try {
    if (step.kind === "busy") {
      const port = ENDPOINTS[name].port;
      throw new ServiceError(
        `${name}: port ${port} is taken by a program that does not answer as ${name}`,
      );
    }
    if (step.kind === "start") return await startFresh(service, step, apt, t0);
    if (step.kind === "starting") await waitReady(service, step.record.pid);
    await service.verify?.();
    return ok(name, true, step.record ? "already running" : "already running, not started by us");
  } catch (error) {
    return failed(name, error);
  }
}

/**
 * Installs and starts a service. Its pid is recorded as soon as it is known, so that a start
 * that fails half-way is stopped here instead of being left behind unrecorded.
 */
async function startFresh(
  service: Service,
  step: Extract<Plan, { kind: "start" }>,
  apt: AptBatch,
  t0: number,
): Promise<ServiceResult> {
  const { name } = service;
  if (step.packages.length > 0) await apt.install();
  await service.prepare?.();
  let spawned: number | undefined;
  try {
    const pid = await service.start(async (pid) => {
      spawned = pid;
      await writeRecord(newRecord(service, pid));
    });
    if (!(await isAlive(pid))) {
      await removeRecord(name); // ours lost the port to a concurrent start elsewhere
      await service.verify?.();
      return ok(name, true, "already running, started by another process");
    }
    await service.verify?.();
  } catch (error) {
    if (spawned !== undefined) await abandon(service, spawned);
    throw error;
  }
  const how = step.packages.length > 0 || step.fetch ? "installed and started" : "started";
  return ok(name, true, `${how}, ${formatSeconds(Date.now() - t0)}`, true);
}

function newRecord(service: Service, pid: number): PidRecord {
  const { name, match } = service;
  const startedAt = new Date().toISOString();
  return { name, pid, match, startedAt, dataDir: serviceDir(name), log: logFile(name) };
}

/** Stops a daemon whose start failed, and forgets it. */
async function abandon(service: Service, pid: number): Promise<void> {
  if (await isAlive(pid)) {
    await stopPid(pid, service.stopSignal, service.stopTimeoutMs).catch(() => {});
  }
  await removeRecord(service.name);
}

/** Probes every service and writes the env file for those that answer; returns them. */
async function refreshEnvFile(): Promise<ServiceName[]> {
  const answering = await Promise.all(SERVICE_NAMES.map((n) => SERVICES[n].probe()));
  const up = SERVICE_NAMES.filter((_, i) => answering[i]);
  await Deno.mkdir(STATE_DIR, { recursive: true });
  await Deno.writeTextFile(ENV_FILE, renderEnv(up));
  return up;
}

/**
 * Runs one task per service in parallel. Results are printed as they come when `live` (slow
 * work: the user sees progress), else all at the end in the canonical order.
 */
async function each(
  names: ServiceName[],
  print: (line: string) => void,
  live: boolean,
  task: (service: Service) => Promise<ServiceResult>,
): Promise<ServiceResult[]> {
  const results = await Promise.all(names.map(async (name) => {
    const result = await task(SERVICES[name]).catch((error) => failed(name, error));
    if (live) print(formatResult(result));
    return result;
  }));
  if (!live) { for (const result of results) print(formatResult(result)); }
  return results;
}

/**
 * Starts the named services (all five when `names` is undefined; none for `[]`) on 127.0.0.1
 * and waits until each answers.
 * Missing Debian packages are installed with one apt-get call, Kafka's jars fetched with mvn; a
 * service already answering on its port is reused. Prints one line per service, writes
 * `.stratos/services/env`, and sets each `STRATOS_TEST_*` variable of a service that is up in
 * this process's environment unless it is already set. Never throws for a service that fails:
 * check `ok` of each result.
 */
export async function servicesUp(
  names?: readonly string[],
  options: ServicesOptions = {},
): Promise<ServiceResult[]> {
  const print = options.print ?? console.log;
  const list = resolveNames(names);
  const t0 = Date.now();
  await Deno.mkdir(STATE_DIR, { recursive: true });
  const plans = await Promise.all(list.map((n) => plan(SERVICES[n])));
  const apt = new AptBatch();
  for (const step of plans) if (step.kind === "start") apt.request(step.packages);
  if (apt.packages.length > 0) print(`installing with apt-get: ${apt.packages.join(" ")}`);
  for (const step of plans) {
    if (step.kind === "start" && step.fetch) print(`fetching ${step.fetch}`);
  }
  const results = await each(
    list,
    print,
    true,
    (s) => execute(s, plans[list.indexOf(s.name)], apt, t0),
  );
  await refreshEnvFile();
  for (const r of results) {
    const key = ENDPOINTS[r.name].envKey;
    if (r.up && Deno.env.get(key) === undefined) Deno.env.set(key, r.url);
  }
  return results;
}

async function stopOne(service: Service): Promise<ServiceResult> {
  const { name } = service;
  const record = await liveRecord(name);
  if (record === undefined) {
    if (await service.probe()) return ok(name, true, "left running, not started by us");
    return ok(name, false, "not running");
  }
  const t0 = Date.now();
  const how = await stopPid(record.pid, service.stopSignal, service.stopTimeoutMs);
  await removeRecord(name);
  const key = ENDPOINTS[name].envKey;
  if (Deno.env.get(key) === ENDPOINTS[name].url) Deno.env.delete(key);
  const note = how === "stopped" ? "stopped" : "killed after the stop timeout";
  return ok(name, false, `${note}, ${formatSeconds(Date.now() - t0)}`);
}

/**
 * Stops the named services (all when `names` is undefined; none for `[]`) that
 * {@link servicesUp} started, now or in an earlier run: the stop signal,
 * then SIGKILL after a timeout. Services it did not start are left running. Data folders are
 * kept. Prints one line per service and rewrites `.stratos/services/env`.
 */
export async function servicesDown(
  names?: readonly string[],
  options: ServicesOptions = {},
): Promise<ServiceResult[]> {
  const print = options.print ?? console.log;
  const results = await each(resolveNames(names), print, true, stopOne);
  await refreshEnvFile();
  return results;
}

async function statusOne(service: Service): Promise<ServiceResult> {
  const record = await liveRecord(service.name);
  const up = await service.probe();
  if (record) {
    return ok(service.name, up, `${up ? "" : "not answering, "}started by us, pid ${record.pid}`);
  }
  return ok(service.name, up, up ? "not started by us" : "not running");
}

/**
 * Reports which of the named services (all by default) answer on their ports and which of them
 * {@link servicesUp} started. Prints one line per service and rewrites `.stratos/services/env`.
 */
export async function servicesStatus(
  names?: readonly string[],
  options: ServicesOptions = {},
): Promise<ServiceResult[]> {
  const print = options.print ?? console.log;
  const results = await each(resolveNames(names), print, false, statusOne);
  await refreshEnvFile();
  return results;
}
