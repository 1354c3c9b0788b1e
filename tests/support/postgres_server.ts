/**
 * Test support: a private PostgreSQL server (Debian's `postgresql`, as `tests/infra/services.ts`
 * runs it) on a free loopback port, with its own cluster in a temporary folder and the role and
 * database `stratos` (password `stratos`), for tests that stop and restart the database.
 *
 * @module
 */

import { freePort } from "../../bench/process.ts";
import {
  createPgUserAndDatabase,
  initPgCluster,
  type PgCluster,
  pgCtlStart,
  preparePgDirs,
} from "../infra/services/postgres.ts";
import { pidHandle, type PrivateServer, privateServer } from "./private_server.ts";

/**
 * Creates a cluster and starts its server on `port` (a free one by default). Its clean stop is
 * SIGINT, PostgreSQL's fast shutdown (SIGTERM would wait for every client to leave).
 * @throws {Error} if PostgreSQL is not installed (`deno run -A tests/infra/services.ts up postgres`)
 */
export async function startPostgresServer(port = freePort()): Promise<PrivateServer> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-private-postgres-" });
  const cluster: PgCluster = {
    dataDir: `${dir}/data`,
    runDir: `${dir}/run`,
    port,
    log: `${dir}/postgres.log`,
  };
  return await privateServer({
    url: `postgres://stratos:stratos@127.0.0.1:${port}/stratos`,
    port,
    dir,
    log: cluster.log,
    stopSignal: "SIGINT",
    async start() {
      await preparePgDirs(dir, cluster.runDir); // both do nothing once done
      await initPgCluster(cluster.dataDir);
      return pidHandle(await pgCtlStart(cluster));
    },
    setup: () => createPgUserAndDatabase(cluster),
  });
}
