/**
 * Outage of NATS under load: a private nats-server (the shared one is never touched) is killed
 * while 8 clients send requests to a Stratos NATS stream handler (request-reply) and 8 clients
 * call its HTTP hello route. The HTTP route answers 200 all along, `/health` says 503 naming the
 * server while it is down, and once the server is back on the same port the same Stratos process
 * answers requests again by itself (NATS core is at-most-once: what was sent while the server was
 * down is lost, and the requests that were under way time out on the client's side).
 */

import { startNatsServer } from "../support/nats_server.ts";
import { startStratos, type StratosProcess } from "../support/stratos_process.ts";
import { natsApp, testClient, uniqueSubject } from "../streams/nats_support.ts";
import {
  assertAppKeptServing,
  assertRoute,
  type LoadRoute,
  runOutage,
  type Sample,
  withHelloRoute,
} from "./outage_support.ts";

/** A reply to the payload it answers: `<payload> -> hello <payload>`. */
const answered = (s: Sample) => s.status === 200 && /^(\S+) -> hello \1$/.test(s.body);

Deno.test("outage - nats-server killed under load, then restarted", async () => {
  const server = await startNatsServer();
  const subject = uniqueSubject("outage");
  const dir = await withHelloRoute(await natsApp(server.url, [{ resource: subject, fn: "hello" }]));
  const nc = await testClient(server.url);
  let stratos: StratosProcess | undefined;
  try {
    stratos = await startStratos(dir, { STRATOS_HEALTH_DETAILS: "true" });
    const stream: LoadRoute = {
      name: "nats",
      clients: 8,
      async send(client, n) {
        const payload = `c${client}-${n}`;
        const reply = await nc.request(subject, payload, { timeout: 1000 });
        return { status: 200, body: `${payload} -> ${reply.string()}` };
      },
    };
    const run = await runOutage({
      app: stratos.url,
      check: "nats",
      routes: [
        stream,
      ],
      down: server.kill,
      up: server.restart,
      works: (s) => s.route === "nats" && answered(s),
      recoveryMs: 15_000,
    });
    // While the server is down, a request fails on the client's side (a timeout, at most 1 s).
    assertRoute(run, { route: "nats", ok: answered, clearError: (s) => s.status === undefined });
    assertAppKeptServing(run, server.url);
  } finally {
    await nc.close();
    await stratos?.stop();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
