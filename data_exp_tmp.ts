import { Redis } from "ioredis";
import { dataExample } from "./tests/support/data_example.ts";
import { adminClient, uniqueName } from "./tests/support/databases.ts";
import { freePort, residentMB, startDeno, stratosArgs } from "./bench/process.ts";
import { load } from "./bench/wrk.ts";
const REDIS = "redis://127.0.0.1:6379", PG = "postgres://stratos:stratos@127.0.0.1:5432/stratos";
const table = uniqueName("stratos_exp_notes");
const example = await dataExample(table, PG, { redis: REDIS, database: PG });
const admin = await adminClient("postgresql", PG);
const [row] = await admin.exec(
  `INSERT INTO ${table} (owner, title, body) VALUES ('b','t','x') RETURNING id`,
);
await admin.close();
const token = crypto.randomUUID();
const redis = new Redis(REDIS);
await redis.set(`share:${token}`, String(row.id), "EX", 3600);
redis.disconnect();
const path = `/shared/${token}`;
const port = freePort();
const s = await startDeno(
  stratosArgs(example.dir, "--port", String(port), "--log-level", "warn", "--workers", "1"),
  port,
  "/health",
);
await load({ url: s.url + path, connections: 50, seconds: 3 });
const r = await load({ url: s.url + path, connections: 50, seconds: 6 });
console.log(Math.round(r.rps), "req/s rss", residentMB(s.child.pid).toFixed(0));
await s.stop();
