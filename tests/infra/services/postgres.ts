/**
 * PostgreSQL from Debian's `postgresql` package, with its own cluster under
 * `.stratos/services/postgres/data` (initdb'd as the `postgres` user when we are root), started
 * with `pg_ctl` on 127.0.0.1:5432 with its socket in `.stratos/services/postgres/run`. Role and
 * database `stratos` (password `stratos`) are created on every start if missing.
 *
 * @module
 */

import { DB_USER, ENDPOINTS, HOST, ServiceError } from "./config.ts";
import { display, logFile, serviceDir } from "./paths.ts";
import { pgAnswers } from "./probes.ts";
import { indent, isRoot, lastLines, run, runOk } from "../../../scripts/lib/mod.ts";
import { asUser } from "./proc.ts";
import { exists, type Service, startError, waitReady } from "./service.ts";

const PORT = ENDPOINTS.postgres.port;
const DATA = `${serviceDir("postgres")}/data`;
const RUN = `${serviceDir("postgres")}/run`;
const OS_USER = "postgres";

/** Where a PostgreSQL cluster keeps its data and socket, the port it listens on, its log. */
export interface PgCluster {
  /** Data folder (made by initdb). */
  dataDir: string;
  /** Folder of the Unix socket. */
  runDir: string;
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Server log file. */
  log: string;
}

/** The shared cluster of `tests/infra/services.ts`, on the fixed port. */
const SHARED: PgCluster = { dataDir: DATA, runDir: RUN, port: PORT, log: logFile("postgres") };

/** The newest `bin` folder under /usr/lib/postgresql that has a server; undefined if none. */
export async function findPgBin(root = "/usr/lib/postgresql"): Promise<string | undefined> {
  const versions: number[] = [];
  try {
    for await (const entry of Deno.readDir(root)) {
      const version = Number(entry.name);
      if (Number.isInteger(version) && await exists(`${root}/${entry.name}/bin/postgres`)) {
        versions.push(version);
      }
    }
  } catch {
    return undefined;
  }
  const newest = versions.sort((a, b) => b - a)[0];
  return newest === undefined ? undefined : `${root}/${newest}/bin`;
}

/** The server options given to `pg_ctl -o`: loopback, `port`, our socket dir, no fsync. */
export function pgServerOptions(socketDir: string, port = PORT): string {
  return [
    `-c listen_addresses=${HOST}`,
    `-p ${port}`,
    `-c unix_socket_directories='${socketDir}'`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
  ].join(" ");
}

/** SQL that creates the `stratos` login role if it is missing. */
export const CREATE_ROLE_SQL = `DO $$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${DB_USER}') THEN
    CREATE ROLE ${DB_USER} LOGIN CREATEDB PASSWORD '${DB_USER}';
  END IF;
END$$;`;

async function bin(tool: string): Promise<string> {
  const dir = await findPgBin();
  if (dir === undefined) throw new ServiceError("postgres: no server under /usr/lib/postgresql");
  return `${dir}/${tool}`;
}

/**
 * Creates the folder `base` (holding the cluster's folders) and the socket folder, owned by the
 * `postgres` user when we are root.
 */
export async function preparePgDirs(base: string, runDir: string): Promise<void> {
  await Deno.mkdir(base, { recursive: true });
  await Deno.mkdir(runDir, { recursive: true });
  if (isRoot()) await runOk("chown postgres folders", "chown", ["-R", `${OS_USER}:`, base]);
}

/** Runs initdb when the data folder `dataDir` has no cluster yet. */
export async function initPgCluster(dataDir: string): Promise<void> {
  const pgBin = await findPgBin();
  const major = pgBin?.split("/").at(-2);
  if (await exists(`${dataDir}/PG_VERSION`)) {
    const version = (await Deno.readTextFile(`${dataDir}/PG_VERSION`)).trim();
    if (version === major) return;
    throw new ServiceError(
      `postgres: ${
        display(dataDir)
      } was made by PostgreSQL ${version}, the server is ${major}; remove it to start afresh`,
    );
  }
  await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  const args = ["-D", dataDir, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256"];
  const [cmd, full] = asUser(OS_USER, await bin("initdb"), [
    ...args,
    "-E",
    "UTF8",
    "--no-locale",
    "--no-sync",
  ]);
  await runOk("postgres initdb", cmd, full);
}

/**
 * Starts the cluster's server with pg_ctl (which waits until it accepts connections); returns
 * the postmaster's pid.
 */
export async function pgCtlStart(cluster: PgCluster = SHARED): Promise<number> {
  const args = [
    "start",
    "-D",
    cluster.dataDir,
    "-l",
    cluster.log,
    "-w",
    "-t",
    "60",
    "-o",
    pgServerOptions(cluster.runDir, cluster.port),
  ];
  const [cmd, full] = asUser(OS_USER, await bin("pg_ctl"), args);
  const result = await run(cmd, full);
  if (result.code !== 0) {
    const why = lastLines(result.stdout + result.stderr, 3);
    throw await startError(
      "postgres",
      `did not start (pg_ctl: ${why.replaceAll("\n", " ")})`,
      cluster.log,
    );
  }
  const pid = Number((await Deno.readTextFile(`${cluster.dataDir}/postmaster.pid`)).split("\n")[0]);
  if (!Number.isSafeInteger(pid) || pid <= 1) {
    throw new ServiceError("postgres: no pid in postmaster.pid");
  }
  return pid;
}

/** Runs SQL as the superuser over the cluster's socket. */
async function superSql(sql: string, cluster: PgCluster): Promise<string> {
  const args = [
    "-X",
    "-q",
    "-At",
    "-v",
    "ON_ERROR_STOP=1",
    "-h",
    cluster.runDir,
    "-p",
    String(cluster.port),
    "-U",
    "postgres",
  ];
  const result = await runOk("postgres setup", await bin("psql"), [
    ...args,
    "-d",
    "postgres",
    "-c",
    sql,
  ]);
  return result.stdout.trim();
}

/** Creates role and database `stratos` in the cluster if missing. */
export async function createPgUserAndDatabase(cluster: PgCluster = SHARED): Promise<void> {
  await superSql(CREATE_ROLE_SQL, cluster);
  const found = await superSql(`SELECT 1 FROM pg_database WHERE datname = '${DB_USER}'`, cluster);
  if (found !== "1") await superSql(`CREATE DATABASE ${DB_USER} OWNER ${DB_USER}`, cluster);
}

/** The PostgreSQL service. */
export const postgres: Service = {
  name: "postgres",
  match: DATA,
  stopSignal: "SIGINT", // fast shutdown: SIGTERM would wait for every client to leave
  stopTimeoutMs: 20_000,
  startTimeoutMs: 60_000,
  async missingPackages() {
    return (await findPgBin()) ? [] : ["postgresql"];
  },
  probe() {
    return pgAnswers(PORT);
  },
  async start(spawned) {
    await preparePgDirs(serviceDir("postgres"), RUN);
    await initPgCluster(DATA);
    const pid = await pgCtlStart();
    await spawned(pid);
    await waitReady(postgres, pid);
    await createPgUserAndDatabase();
    return pid;
  },
  async verify() {
    const psql = (await findPgBin()) ? await bin("psql") : undefined;
    if (psql === undefined) return; // no client here to check with
    const result = await run(psql, ["-X", "-q", "-At", "-c", "SELECT 1", ENDPOINTS.postgres.url], {
      env: { PGCONNECT_TIMEOUT: "5" },
    });
    if (result.code !== 0) {
      throw new ServiceError(
        `postgres on port ${PORT} refused ${DB_USER}/${DB_USER}:\n${
          indent(lastLines(result.stderr, 3))
        }`,
      );
    }
  },
};
