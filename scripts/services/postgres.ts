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
import { asUser, indent, isRoot, lastLines, run, runOk } from "./proc.ts";
import { ensureServiceDir, exists, type Service, startError, waitReady } from "./service.ts";

const PORT = ENDPOINTS.postgres.port;
const DATA = `${serviceDir("postgres")}/data`;
const RUN = `${serviceDir("postgres")}/run`;
const OS_USER = "postgres";

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

/** The server options given to `pg_ctl -o`: loopback, fixed port, our socket dir, no fsync. */
export function pgServerOptions(socketDir: string): string {
  return [
    `-c listen_addresses=${HOST}`,
    `-p ${PORT}`,
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

/** Creates the folders, owned by the `postgres` user when we are root. */
async function prepareDirs(): Promise<void> {
  await ensureServiceDir("postgres");
  await Deno.mkdir(RUN, { recursive: true });
  if (isRoot()) {
    await runOk("chown postgres folders", "chown", ["-R", `${OS_USER}:`, serviceDir("postgres")]);
  }
}

/** Runs initdb when the data folder has no cluster yet. */
async function initCluster(): Promise<void> {
  const pgBin = await findPgBin();
  const major = pgBin?.split("/").at(-2);
  if (await exists(`${DATA}/PG_VERSION`)) {
    const version = (await Deno.readTextFile(`${DATA}/PG_VERSION`)).trim();
    if (version === major) return;
    throw new ServiceError(
      `postgres: ${
        display(DATA)
      } was made by PostgreSQL ${version}, the server is ${major}; remove it to start afresh`,
    );
  }
  await Deno.remove(DATA, { recursive: true }).catch(() => {});
  const args = ["-D", DATA, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256"];
  const [cmd, full] = asUser(OS_USER, await bin("initdb"), [
    ...args,
    "-E",
    "UTF8",
    "--no-locale",
    "--no-sync",
  ]);
  await runOk("postgres initdb", cmd, full);
}

/** Starts the server with pg_ctl (which waits until it accepts connections); returns its pid. */
async function pgCtlStart(): Promise<number> {
  const args = [
    "start",
    "-D",
    DATA,
    "-l",
    logFile("postgres"),
    "-w",
    "-t",
    "60",
    "-o",
    pgServerOptions(RUN),
  ];
  const [cmd, full] = asUser(OS_USER, await bin("pg_ctl"), args);
  const result = await run(cmd, full);
  if (result.code !== 0) {
    const why = lastLines(result.stdout + result.stderr, 3);
    throw await startError("postgres", `did not start (pg_ctl: ${why.replaceAll("\n", " ")})`);
  }
  const pid = Number((await Deno.readTextFile(`${DATA}/postmaster.pid`)).split("\n")[0]);
  if (!Number.isSafeInteger(pid) || pid <= 1) {
    throw new ServiceError("postgres: no pid in postmaster.pid");
  }
  return pid;
}

/** Runs SQL as the superuser over our socket. */
async function superSql(sql: string): Promise<string> {
  const args = [
    "-X",
    "-q",
    "-At",
    "-v",
    "ON_ERROR_STOP=1",
    "-h",
    RUN,
    "-p",
    String(PORT),
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

/** Creates role and database `stratos` if missing. */
async function createUserAndDatabase(): Promise<void> {
  await superSql(CREATE_ROLE_SQL);
  const found = await superSql(`SELECT 1 FROM pg_database WHERE datname = '${DB_USER}'`);
  if (found !== "1") await superSql(`CREATE DATABASE ${DB_USER} OWNER ${DB_USER}`);
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
    await prepareDirs();
    await initCluster();
    const pid = await pgCtlStart();
    await spawned(pid);
    await waitReady(postgres, pid);
    await createUserAndDatabase();
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
