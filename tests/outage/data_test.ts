/**
 * Outages of the data services under load: Redis, PostgreSQL and MariaDB, each a private real
 * server (the shared ones are never touched) that is stopped while 16 clients keep calling a
 * Stratos process: a route that needs the server (`cache_get` / a `db_exec` select of a row
 * written before) and one that does not (the hello Runnable). While the server is down, every
 * call that needs it fails fast with an error naming it, the other route answers 200 all along,
 * and `/health` says 503 naming the server; once the server is back (same port, same data),
 * the same Stratos process serves the data again by itself, and `/health` says 200. No request
 * gets anything else: no connection error, no hang.
 */

import { Redis } from "ioredis";
import { freePort } from "../../bench/process.ts";
import { dataApp } from "../support/data_app.ts";
import { adminClient, type DatabaseKind } from "../support/databases.ts";
import { startMariadbServer } from "../support/mariadb_server.ts";
import { startPostgresServer } from "../support/postgres_server.ts";
import { startRedisServer } from "../support/redis_server.ts";
import { startStratos, type StratosProcess } from "../support/stratos_process.ts";
import {
  assertAppKeptServing,
  assertRoute,
  escapeRegExp,
  httpRoute,
  runOutage,
  type Sample,
  withHelloRoute,
} from "./outage_support.ts";

/** The value written before the outage. */
const KEPT = "kept across the outage";

/** A server under test, started and ready for the app. */
interface Server {
  /** Connection string. */
  url: string;
  /** Takes it down (SIGKILL or a clean stop). */
  down(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  up(): Promise<void>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
}

/** One data service: how to start it and what the app answers, normally and while it is down. */
interface DataService {
  /** Name in the test's title. */
  name: string;
  /** How the server goes down. */
  how: string;
  /** Starts the server and writes {@link KEPT} into it. */
  start(): Promise<Server>;
  /** The app (a folder) using the server at `url`. */
  app(url: string): Promise<string>;
  /** The route that needs the server. */
  route: { path: string; init: RequestInit };
  /** The `/health` check. */
  check: string;
  /** The server at `url` as Stratos names it in errors and on `/health`. */
  display(url: string): string;
  /** The status and the start of the message the route answers while the server is down. */
  error: { status: number; message: string };
  /** A normal answer of the route. */
  ok(sample: Sample): boolean;
}

/** A private PostgreSQL or MariaDB server holding a table `outage_probe` with one row. */
async function database(kind: DatabaseKind, how: "kill" | "stop"): Promise<Server> {
  const server = kind === "postgresql" ? await startPostgresServer() : await startMariadbServer();
  const admin = await adminClient(kind, server.url);
  try {
    await admin.exec("CREATE TABLE outage_probe (name VARCHAR(100))");
    await admin.exec(`INSERT INTO outage_probe (name) VALUES ('${KEPT}')`);
  } finally {
    await admin.close();
  }
  return { url: server.url, down: server[how], up: server.restart, dispose: server.dispose };
}

const rows = JSON.stringify([{ name: KEPT }]);

/** The `message` of an error answer (`{"status":N,"message":"..."}`), or "" if it is not one. */
function messageOf(sample: Sample): string {
  try {
    return String(JSON.parse(sample.body).message ?? "");
  } catch {
    return "";
  }
}

/** A database URL as Stratos shows it: the kind, no credentials. */
function shown(kind: DatabaseKind, url: string): string {
  const { host, pathname } = new URL(url);
  return `${kind}://***@${host}${pathname}`;
}

function sqlService(kind: DatabaseKind, name: string, how: "kill" | "stop"): DataService {
  return {
    name,
    how: how === "kill" ? "SIGKILL" : "a clean shutdown",
    start: () => database(kind, how),
    app: (url) =>
      dataApp({
        database: { type: kind, connectionString: url },
        queries: [{ name: "probe", query: "SELECT name FROM outage_probe" }],
      }),
    route: { path: "/db/1/probe", init: { method: "POST", body: "" } },
    check: "database",
    display: (url) => shown(kind, url),
    error: { status: 400, message: "failed to stmt.Query: database unavailable" },
    ok: (s) => s.status === 200 && s.body === rows,
  };
}

const SERVICES: DataService[] = [
  {
    name: "redis",
    how: "SIGKILL",
    async start() {
      const dir = await Deno.makeTempDir({ prefix: "stratos-private-redis-" });
      const server = await startRedisServer(freePort(), dir);
      const client = new Redis(server.url);
      await client.set("kept", KEPT);
      await client.quit();
      return {
        url: server.url,
        down: server.kill,
        up: server.restart,
        async dispose() {
          await server.stop();
          await Deno.remove(dir, { recursive: true });
        },
      };
    },
    app: (url) => dataApp({ redis: url }),
    route: { path: "/get/kept", init: {} },
    check: "redis",
    display: (url) => url,
    error: { status: 404, message: "failed to client.Get: redis unavailable" },
    ok: (s) => s.status === 200 && s.body === KEPT,
  },
  sqlService("postgresql", "postgresql", "stop"),
  sqlService("mysql", "mariadb", "kill"),
];

for (const service of SERVICES) {
  Deno.test(`outage - ${service.name} stopped (${service.how}) under load, then restarted`, async () => {
    const server = await service.start();
    const dir = await withHelloRoute(await service.app(server.url));
    let stratos: StratosProcess | undefined;
    try {
      stratos = await startStratos(dir, { STRATOS_HEALTH_DETAILS: "true" });
      const run = await runOutage({
        app: stratos.url,
        check: service.check,
        routes: [
          httpRoute(stratos.url, service.name, service.route.path, 8, service.route.init),
        ],
        down: server.down,
        up: server.up,
        works: (s) => s.route === service.name && service.ok(s),
        recoveryMs: 15_000,
      });
      const where = service.display(server.url);
      const { status } = service.error;
      const message = new RegExp(
        `^${escapeRegExp(service.error.message)} \\(${escapeRegExp(where)}\\): `,
      );
      assertRoute(run, {
        route: service.name,
        ok: service.ok,
        clearError: (s) => s.status === status && message.test(messageOf(s)),
      });
      assertAppKeptServing(run, where);
    } finally {
      await stratos?.stop();
      await server.dispose();
      await Deno.remove(dir, { recursive: true });
    }
  });
}
