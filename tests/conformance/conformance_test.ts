/**
 * Conformance: examples/conformance is one app whose Runnables are written in AssemblyScript,
 * Rust (the published `suborbital` 0.15.1 crate) and Go. Each build (its committed modules) is
 * started in the test process; every request goes to all three, whose answers (status, headers but
 * `Date` and `X-Request-Id`, body) must be identical and equal to the expected answer of tests/conformance/requests.ts.
 * Outbound calls go to local API servers that check the host-injected token; the database is the
 * shared PostgreSQL, with a table of its own per build.
 */

import assert from "node:assert/strict";
import { type Answer, answerOf } from "../support/answer.ts";
import { startApiServer } from "./api_server.ts";
import { differences, exchanges } from "./requests.ts";
import {
  type ConformanceApp,
  type Language,
  LANGUAGES,
  type RunSettings,
  startConformanceApp,
} from "./support.ts";

/** Starts every build; if one fails to start, stops the others. */
async function startAll(settings: RunSettings): Promise<ConformanceApp[]> {
  const started = await Promise.allSettled(
    LANGUAGES.map((language) => startConformanceApp(language, settings)),
  );
  const apps = started.flatMap((s) => s.status === "fulfilled" ? [s.value] : []);
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(apps.map((app) => app.close()));
    throw failed.reason;
  }
  return apps;
}

Deno.test("conformance - the AssemblyScript, Rust and Go builds answer alike", async (t) => {
  const token = `conformance-token-${crypto.randomUUID()}`;
  const api = startApiServer(token);
  const other = startApiServer(token);
  const bodies: string[] = [];
  let apps: ConformanceApp[] = [];
  try {
    apps = await startAll({ apiHost: api.host, token });
    for (const exchange of exchanges({ api: api.url, other: other.url })) {
      await t.step(exchange.name, async () => {
        const answers = {} as Record<Language, Answer>;
        for (const app of apps) {
          answers[app.language] = await answerOf(app, exchange.path, exchange.init);
        }
        bodies.push(...Object.values(answers).map((a) => a.body));
        const { ts, ...others } = answers;
        assert.deepEqual(others, { rust: ts, go: ts }, `${exchange.path}: the builds differ`);
        const { status, type, body, headers = {} } = exchange.expect;
        assert.deepEqual(
          { status: ts.status, type: ts.headers["content-type"], body: ts.body },
          { status, type, body },
        );
        for (const [name, value] of Object.entries(headers)) {
          assert.equal(ts.headers[name], value, `response header ${name}`);
        }
      });
    }

    for (const difference of differences()) {
      await t.step(`known difference: ${difference.name}`, async () => {
        for (const app of apps) {
          const answer = await answerOf(app, difference.path, difference.init);
          const { status, type, body } = difference.expect[app.language];
          assert.deepEqual(
            { status: answer.status, type: answer.headers["content-type"], body: answer.body },
            { status, type, body },
            app.language,
          );
        }
      });
    }

    await t.step("the API got the token from every build, the other port never", () => {
      const authorizations = new Set(api.calls.map((c) => c.authorization));
      assert.deepEqual([...authorizations], [`bearer ${token}`]);
      assert.equal(api.calls.filter((c) => c.path === "/whoami").length, LANGUAGES.length);
      assert.ok(api.calls.every((c) => c.client === "fetch"));
      assert.deepEqual(
        other.calls,
        LANGUAGES.map(() => ({
          path: "/whoami",
          authorization: null,
          client: "fetch",
        })),
      );
    });

    await t.step("no Runnable and no log line ever held the token", () => {
      assert.ok(bodies.length > 0);
      assert.deepEqual(bodies.filter((b) => b.includes(token)), []);
      for (const app of apps) {
        assert.ok(!JSON.stringify(app.logs).includes(token), `${app.language} logged the token`);
      }
    });

    await t.step("every build logged its RunErr through log_msg at level error", () => {
      for (const app of apps) {
        const logged = app.logs.filter((l) => l.msg === "failed with code 418");
        assert.equal(logged.length, 1, app.language);
        assert.equal(logged[0].level, "error");
        assert.equal(logged[0].module, "com.stratos.conformance#default::fail@v0.1.0");
      }
    });
  } finally {
    await Promise.all(apps.map((app) => app.close()));
    await api.close();
    await other.close();
  }
});
