/**
 * End-to-end: a database that cannot be reached does not stop the app. Down at start (a closed
 * port): the app starts, `/health` reports `database` (503), `db_exec` fails at once with a clear
 * message, and once the database answers it is used without a restart. The same after an outage
 * while running. The database sits behind a test TCP proxy, closed and opened again; the shared
 * servers are never touched.
 */

import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import { dataApp } from "../support/data_app.ts";
import { type DatabaseKind, DATABASES } from "../support/databases.ts";
import { callDb, errorMessage, QUERY_TYPE } from "../support/db_calls.ts";
import { checkBecomes } from "../support/health.ts";
import { tcpProxy } from "../support/tcp_proxy.ts";

/** `url` pointed at 127.0.0.1:`port` instead of its own host and port. */
function viaPort(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = "127.0.0.1";
  u.port = String(port);
  return u.href;
}

const display = (kind: DatabaseKind, port: number, database: string) =>
  `${kind}://***@127.0.0.1:${port}/${database}`;

for (const { kind, url } of DATABASES) {
  Deno.test(`database ${kind} - down at start: the app starts, fails fast, recovers`, async () => {
    const target = new URL(url);
    const proxy = tcpProxy({ hostname: "127.0.0.1", port: Number(target.port) });
    const where = display(kind, proxy.port, target.pathname.slice(1));
    const app = await startApp(
      await dataApp({
        database: { type: kind, connectionString: viaPort(url, proxy.port) },
        queries: [{ name: "one", query: "SELECT 1 AS one" }],
      }),
      { healthDetails: true },
    );
    try {
      const down = await checkBecomes(app, "database", false);
      assert.deepEqual([down.state, down.address], ["down", where]);
      assert.match(down.lastError!, /ECONNREFUSED/);
      assert.ok(
        app.logs.some((l) => l.msg === "cannot reach the database, retrying in the background"),
      );
      assert.ok(app.runtime.announcements.some((a) => a.includes("not reachable yet")));
      const refused = await callDb(app, QUERY_TYPE.select, "one");
      assert.match(
        errorMessage(refused),
        new RegExp(
          `^failed to stmt.Query: database unavailable \\(${escape(where)}\\): .*ECONNREFUSED`,
        ),
      );
      assert.ok(refused.ms < 1000, `failed fast (${refused.ms} ms)`);

      proxy.open();
      const up = await checkBecomes(app, "database", true);
      assert.deepEqual([up.state, up.address, up.lastError], ["up", where, undefined]);
      assert.deepEqual((await callDb(app, QUERY_TYPE.select, "one")).body, [{ one: 1 }]);

      await proxy.close(); // an outage while running
      const lost = await callDb(app, QUERY_TYPE.select, "one");
      assert.match(errorMessage(lost), /^failed to stmt\.Query: /);
      assert.ok(lost.ms < 2000, `failed fast (${lost.ms} ms)`);
      await checkBecomes(app, "database", false);
      const meanwhile = await callDb(app, QUERY_TYPE.select, "one");
      assert.match(errorMessage(meanwhile), /database unavailable/);
      assert.ok(meanwhile.ms < 1000, `failed fast (${meanwhile.ms} ms)`);

      proxy.open();
      await checkBecomes(app, "database", true);
      assert.deepEqual((await callDb(app, QUERY_TYPE.select, "one")).body, [{ one: 1 }]);
      assert.ok(app.logs.some((l) => l.msg === "database is reachable again"));
    } finally {
      await app.stop();
      await proxy.close();
    }
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
