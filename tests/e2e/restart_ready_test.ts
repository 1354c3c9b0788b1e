/**
 * End-to-end, on the real PostgreSQL, Redis and Kafka: an app that uses all three is SIGKILLed
 * and started again on the same port while a client keeps calling an HTTP handler whose steps use
 * PostgreSQL and Redis, each call on a connection of its own (so both isolates of `--workers 2`
 * answer). The restarted process serves that handler within 2 s of its start, while its Kafka
 * consumer may still be joining its group (after a SIGKILL the broker waits for the dead member
 * first); no answer is an error: before the connections are open a call waits, or gets 503 with
 * `Retry-After`. `/health` keeps Atmo's shape and answers 503 until the connections are up.
 */

import assert from "node:assert/strict";
import { freePort } from "../../bench/process.ts";
import { dataDirective } from "../support/data_app.ts";
import { POSTGRES_URL, REDIS_URL } from "../support/databases.ts";
import { helloApp } from "../support/hello_app.ts";
import { startStratos, type StratosProcess } from "../support/stratos_process.ts";
import { BROKERS_ENV, uniqueTopic } from "../streams/kafka_support.ts";

const DB_RUN = new URL("../../examples/data/test-runnables/db-run/db-run.wasm", import.meta.url);
/** The handler under test: a query on PostgreSQL, then its result stored in Redis. */
const ROUTE = "/both/1/one/restart-probe";

/** The app: connections to all three, the two-step handler, and a Kafka stream handler. */
async function app(): Promise<string> {
  const directive = dataDirective({
    redis: REDIS_URL,
    database: { type: "postgresql", connectionString: POSTGRES_URL },
    queries: [{ name: "one", query: "SELECT 1 AS one" }],
  })
    .replace("com.stratos.datatest", `com.stratos.${uniqueTopic("restart")}`)
    .replace("connections:\n", `connections:\n  kafka:\n    brokerAddress: env(${BROKERS_ENV})\n`) +
    `  - type: request
    resource: /both/:type/:name/:key
    method: POST
    steps:
      - fn: db-run
      - fn: cache-set
  - type: stream
    source: kafka
    resource: ${uniqueTopic("restart")}
    steps:
      - fn: hello
`;
  const dir = await helloApp(directive, ["cache-set", "cache-get", "hello"]);
  await Deno.copyFile(DB_RUN, `${dir}/db-run.wasm`);
  return dir;
}

/** One answer: when it came (ms since the process was started), its status and body. */
interface Answer {
  at: number;
  status: number;
  retryAfter: string | null;
  body: string;
}

/** Calls `path` in a loop on fresh connections until `done()`; refused calls are not answers. */
async function poll(
  url: string,
  path: string,
  init: RequestInit,
  since: number,
  done: (answers: Answer[]) => boolean,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  while (!done(answers)) {
    try {
      const response = await fetch(url + path, {
        ...init,
        headers: { connection: "close" },
        signal: AbortSignal.timeout(15_000),
      });
      const body = await response.text();
      const retryAfter = response.headers.get("retry-after");
      answers.push({ at: performance.now() - since, status: response.status, retryAfter, body });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10)); // not listening yet
    }
  }
  return answers;
}

Deno.test({
  name: "restart - after a SIGKILL the handler on PostgreSQL and Redis serves within 2 s, no error",
  sanitizeResources: false,
  async fn() {
    const dir = await app();
    const port = String(freePort());
    const env = { [BROKERS_ENV]: Deno.env.get(BROKERS_ENV) || "127.0.0.1:9092" };
    const args = ["--port", port, "--workers", "2"];
    const url = `http://127.0.0.1:${port}`;
    let second: StratosProcess | undefined;
    const first = await startStratos(dir, env, args);
    try {
      await first.waitForLine(/"msg":"kafka consumer joined the group"/, 60_000);
      assert.equal(
        (await fetch(url + ROUTE, { method: "POST" }).then((r) => r.text())).length > 0,
        true,
      );
      await first.kill("SIGKILL");

      const started = performance.now();
      const starting = startStratos(dir, env, args);
      const served = (answers: Answer[]) => {
        const ok = answers.findIndex((a) => a.status === 200);
        return ok >= 0 && answers.length >= ok + 20 && answers.at(-1)!.at > answers[ok].at + 1000 ||
          performance.now() - started > 20_000;
      };
      const [calls, health] = await Promise.all([
        poll(url, ROUTE, { method: "POST" }, started, served),
        poll(
          url,
          "/health",
          {},
          started,
          (answers) =>
            served(answers) || answers.some((a) => a.status === 200) && answers.length > 50,
        ),
      ]);
      second = await starting;

      const firstOk = calls.find((a) => a.status === 200);
      const unavailable = calls.filter((a) => a.status === 503);
      console.log(
        `  first answer ${calls[0]?.at.toFixed(0)} ms after the start, first 200 at ` +
          `${
            firstOk?.at.toFixed(0)
          } ms; ${calls.length} answers, ${unavailable.length} of them 503`,
      );
      assert.ok(firstOk, "the handler served");
      assert.ok(firstOk.at < 2000, `served ${firstOk.at.toFixed(0)} ms after the start`);
      const errors = calls.filter((a) => a.status !== 200 && a.status !== 503);
      assert.deepEqual(errors, [], "no error answers, only waits and 503s");
      for (const answer of unavailable) {
        assert.equal(answer.retryAfter, "1");
        assert.match(JSON.parse(answer.body).message, /^not ready: connection/);
      }
      assert.ok(
        calls.filter((a) => a.status === 200).every((a) =>
          a.body === "stored restart-probe for 300s"
        ),
      );

      for (const answer of health) {
        assert.ok(
          answer.status === 200 || answer.status === 503,
          `/health answered ${answer.status}`,
        );
        const body = JSON.parse(answer.body);
        assert.equal(body.healthy, answer.status === 200);
        assert.deepEqual(Object.keys(body.checks).sort(), ["database", "kafka", "redis"]);
      }
      const healthyAt = health.find((a) => a.status === 200)?.at;
      assert.ok(healthyAt !== undefined && healthyAt < 2000, `/health was 200 at ${healthyAt} ms`);
      const ready = second.lines.find((line) =>
        line.includes('"msg":"ready: every plugin has started"')
      );
      console.log(
        `  ready (Kafka consumer in its group) ${ready ? "in the polling time" : "later"}`,
      );
    } finally {
      await first.kill("SIGKILL");
      await second?.kill("SIGKILL");
      await Deno.remove(dir, { recursive: true });
    }
  },
});
