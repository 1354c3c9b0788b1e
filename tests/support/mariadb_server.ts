/**
 * Test support: a private MariaDB server (Debian's `mariadb-server`, as `tests/infra/services.ts`
 * runs it) on a free loopback port, with its own data folder in a temporary folder and the user
 * and database `stratos` (password `stratos`), for tests that stop and restart the database.
 *
 * @module
 */

import { freePort } from "../../bench/process.ts";
import {
  createMariadbUserAndDatabase,
  installMariadbData,
  mariadbdArgs,
  mariadbTool,
  prepareMariadbDirs,
} from "../infra/services/mariadb.ts";
import { mysqlGreeting } from "../infra/services/probes.ts";
import { isRoot } from "../../scripts/lib/mod.ts";
import { type PrivateServer, privateServer, startChild } from "./private_server.ts";

/**
 * Creates a data folder and starts `mariadbd` on `port` (a free one by default); its clean stop
 * is SIGTERM.
 * @throws {Error} if MariaDB is not installed (`deno run -A tests/infra/services.ts up mariadb`)
 */
export async function startMariadbServer(port = freePort()): Promise<PrivateServer> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-private-mariadb-" });
  const [data, run, log] = [`${dir}/data`, `${dir}/run`, `${dir}/mariadb.log`];
  return await privateServer({
    url: `mysql://stratos:stratos@127.0.0.1:${port}/stratos`,
    port,
    dir,
    log,
    stopSignal: "SIGTERM",
    async start() {
      await prepareMariadbDirs(dir, run); // both do nothing once done
      await installMariadbData(data);
      return await startChild({
        what: `mariadbd on port ${port}`,
        cmd: await mariadbTool("mariadbd"),
        args: mariadbdArgs(data, run, isRoot(), port),
        log,
        ready: async () => (await mysqlGreeting(port)) !== undefined, // even a refusal
        timeoutMs: 60_000,
      });
    },
    setup: () => createMariadbUserAndDatabase(run),
  });
}
