/**
 * MariaDB from Debian's `mariadb-server` package, with its own data folder under
 * `.stratos/services/mariadb/data` (made by `mariadb-install-db`), `mariadbd` run directly on
 * 127.0.0.1:3306 with its own socket, and user and database `stratos` (password `stratos`).
 *
 * @module
 */

import { DB_USER, ENDPOINTS, HOST, ServiceError } from "./config.ts";
import { logFile, serviceDir } from "./paths.ts";
import { mysqlGreeting } from "./probes.ts";
import { indent, isRoot, lastLines, run, runOk } from "../../../scripts/lib/mod.ts";
import { spawnDaemon, which } from "./proc.ts";
import { exists, type Service, waitReady } from "./service.ts";

const PORT = ENDPOINTS.mariadb.port;
const DATA = `${serviceDir("mariadb")}/data`;
const RUN = `${serviceDir("mariadb")}/run`;
const OS_USER = "mysql";

/** The mariadbd arguments: no global config, loopback, `port`, our socket, utf8mb4. */
export function mariadbdArgs(
  dataDir: string,
  runDir: string,
  asRoot: boolean,
  port = PORT,
): string[] {
  return [
    "--no-defaults",
    `--datadir=${dataDir}`,
    `--socket=${runDir}/mariadb.sock`,
    `--pid-file=${runDir}/mariadb.pid`,
    `--port=${port}`,
    `--bind-address=${HOST}`,
    "--skip-name-resolve",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_unicode_ci",
    "--innodb-buffer-pool-size=128M",
    "--innodb-flush-log-at-trx-commit=2",
    "--max-connections=500",
    ...(asRoot ? [`--user=${OS_USER}`] : []),
  ];
}

/** SQL that creates database and user `stratos` (from loopback and the socket) if missing. */
export const SETUP_SQL = [
  `CREATE DATABASE IF NOT EXISTS ${DB_USER}`,
  ...["%", "localhost"].flatMap((host) => [
    `CREATE USER IF NOT EXISTS '${DB_USER}'@'${host}' IDENTIFIED BY '${DB_USER}'`,
    `GRANT ALL PRIVILEGES ON *.* TO '${DB_USER}'@'${host}'`,
  ]),
].join("; ") + ";";

/** Full path of a MariaDB program (`mariadbd`, `mariadb`, ...); throws when it is missing. */
export async function mariadbTool(name: string): Promise<string> {
  const path = await which(name);
  if (path === undefined) throw new ServiceError(`mariadb: ${name} not found`);
  return path;
}

/**
 * Creates the folder `base` (holding the server's folders) and the socket folder, owned by the
 * `mysql` user when we are root.
 */
export async function prepareMariadbDirs(base: string, runDir: string): Promise<void> {
  await Deno.mkdir(base, { recursive: true });
  await Deno.mkdir(runDir, { recursive: true });
  if (isRoot()) await runOk("chown mariadb folders", "chown", ["-R", `${OS_USER}:`, base]);
}

/** Runs mariadb-install-db when the data folder `dataDir` has no system tables yet. */
export async function installMariadbData(dataDir: string): Promise<void> {
  if (await exists(`${dataDir}/mysql`)) return;
  await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  const args = [
    "--no-defaults",
    `--datadir=${dataDir}`,
    "--auth-root-authentication-method=socket",
    "--skip-test-db",
    ...(isRoot() ? [`--user=${OS_USER}`] : []),
  ];
  await runOk("mariadb-install-db", await mariadbTool("mariadb-install-db"), args);
}

/** The OS user that may log in as the MariaDB user of the same name over the socket. */
function socketUser(): string {
  return isRoot() ? "root" : (Deno.env.get("USER") ?? "root");
}

/** Creates database and user `stratos` over the socket of the server whose run folder is `runDir`. */
export async function createMariadbUserAndDatabase(runDir = RUN): Promise<void> {
  const socket = `${runDir}/mariadb.sock`;
  const args = ["--no-defaults", `--socket=${socket}`, "-u", socketUser(), "-e", SETUP_SQL];
  await runOk("mariadb setup", await mariadbTool("mariadb"), args);
}

/** The MariaDB service. */
export const mariadb: Service = {
  name: "mariadb",
  match: "mariadbd",
  stopSignal: "SIGTERM",
  stopTimeoutMs: 20_000,
  startTimeoutMs: 60_000,
  async missingPackages() {
    const have = (await which("mariadbd")) && (await which("mariadb-install-db"));
    return have ? [] : ["mariadb-server"];
  },
  async probe() {
    return (await mysqlGreeting(PORT)) !== undefined;
  },
  async start(spawned) {
    await prepareMariadbDirs(serviceDir("mariadb"), RUN);
    await installMariadbData(DATA);
    const args = mariadbdArgs(DATA, RUN, isRoot());
    const pid = await spawnDaemon(await mariadbTool("mariadbd"), args, logFile("mariadb"));
    await spawned(pid);
    await waitReady(mariadb, pid);
    await createMariadbUserAndDatabase();
    return pid;
  },
  async verify() {
    const greeting = await mysqlGreeting(PORT);
    if (greeting && !greeting.ok) {
      throw new ServiceError(`mariadb on port ${PORT} refused the connection: ${greeting.message}`);
    }
    const client = await which("mariadb");
    if (client === undefined) return; // no client here to check with
    const args = ["--no-defaults", "--protocol=TCP", "-h", HOST, "-P", String(PORT), "-u", DB_USER];
    const result = await run(client, [...args, "-D", DB_USER, "-e", "SELECT 1"], {
      env: { MYSQL_PWD: DB_USER },
    });
    if (result.code !== 0) {
      throw new ServiceError(
        `mariadb on port ${PORT} refused ${DB_USER}/${DB_USER}:\n${
          indent(lastLines(result.stderr, 3))
        }`,
      );
    }
  },
};
