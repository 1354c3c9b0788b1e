/**
 * End-to-end: the third-party source plugin of examples/plugin-redis-pubsub, copied outside the
 * repository and loaded with `--plugin` by the real CLI, against the real Redis (every test uses
 * its own channels). Every message published on a handler's channel gets its result on
 * `respondTo`; a Runnable's error is Stratos's error JSON; `/health` reports the connection; on
 * SIGTERM the plugin unsubscribes and answers every message Redis delivered before, and the
 * process exits 0. With a private redis-server, killed and restarted: `/health` says so, and the
 * plugin reconnects and subscribes again by itself.
 */

import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { freePort } from "../../bench/process.ts";
import type { ConnectionReport } from "../../plugin.ts";
import { finished, stratos } from "../support/cli.ts";
import { copy } from "../support/copy.ts";
import { REDIS_URL } from "../support/databases.ts";
import { startRedisServer } from "../support/redis_server.ts";
import { startStratos, type StratosProcess } from "../support/stratos_process.ts";
import { eventually } from "../streams/nats_support.ts";

const EXAMPLE = new URL("../../examples/plugin-redis-pubsub/", import.meta.url).pathname;
const REPOSITORY = new URL("../../", import.meta.url).pathname;

/** Copies made for one test, outside the repository. */
interface Copies {
  /** The plugin folder. */
  plugin: string;
  /** The example app, its channels made unique to this test. */
  app: string;
  /** A channel of the app, by its name in the example (`greetings` → `<prefix>greetings`). */
  channel(name: string): string;
}

/** Runs `test` with copies of the plugin and the app in temp dirs, removed afterwards. */
async function withCopies(test: (copies: Copies) => Promise<void>): Promise<void> {
  const plugin = await Deno.makeTempDir({ prefix: "stratos-redis-pubsub-plugin-" });
  const app = await Deno.makeTempDir({ prefix: "stratos-redis-pubsub-app-" });
  try {
    await copy(EXAMPLE, plugin);
    assert.ok(!plugin.startsWith(REPOSITORY), `${plugin} is outside the repository`);
    await copy(`${EXAMPLE}app`, app);
    const prefix = `test.${crypto.randomUUID()}.`;
    const path = `${app}/Directive.yaml`;
    const directive = (await Deno.readTextFile(path))
      .replace(/\b(greetings|planets)\b/g, `${prefix}$1`);
    assert.match(directive, new RegExp(`respondTo: ${prefix}greetings\\.out`));
    await Deno.writeTextFile(path, directive);
    await test({ plugin, app, channel: (name) => `${prefix}${name}` });
  } finally {
    await Deno.remove(plugin, { recursive: true });
    await Deno.remove(app, { recursive: true });
  }
}

/** A client subscribed to `channels`, keeping every message per channel. */
async function listener(url: string, channels: string[]) {
  const client = new Redis(url);
  const received = new Map(channels.map((c) => [c, [] as string[]]));
  client.on("message", (channel, message) => received.get(channel)?.push(message));
  await client.subscribe(...channels);
  return {
    /** Resolves with the messages of `channel` once there are `count` (fails after `ms`). */
    async messages(channel: string, count: number, ms = 20_000): Promise<string[]> {
      const list = received.get(channel)!;
      await eventually(
        () => Promise.resolve(list.length >= count || undefined),
        ms,
        `${count} on ${channel}`,
      );
      return list;
    },
    close: () => client.quit(),
  };
}

/** Publishes `messages` on `channel`, each received by exactly one subscriber (Stratos). */
async function publishAll(client: Redis, channel: string, messages: string[]): Promise<void> {
  const receivers = await Promise.all(messages.map((m) => client.publish(channel, m)));
  assert.ok(receivers.every((n) => n === 1), `receivers: ${[...new Set(receivers)]}`);
}

function healthCheck(body: Record<string, unknown>): ConnectionReport {
  return (body.checks as Record<string, ConnectionReport>)["redis-pubsub"];
}

Deno.test("redis-pubsub plugin - from outside the repository: results, errors, health, drain on SIGTERM", () =>
  withCopies(async ({ plugin, app, channel }) => {
    const greetings = channel("greetings");
    const out = { greetings: `${greetings}.out`, planets: `${channel("planets")}.out` };
    const results = await listener(REDIS_URL, [out.greetings, out.planets]);
    const publisher = new Redis(REDIS_URL);
    // One message at a time: the others wait in the plugin, so some are in hand at the signal.
    const env = {
      STRATOS_REDIS_PUBSUB_ADDRESS: REDIS_URL,
      STRATOS_REDIS_PUBSUB_MAX_IN_FLIGHT: "1",
    };
    let proc: StratosProcess | undefined;
    try {
      proc = await startStratos(app, env, ["--plugin", plugin, "--health-details"]);
      assert.match(proc.output(), new RegExp(`redis-pubsub: ${REDIS_URL}, channels ${greetings}`));

      const first = Array.from({ length: 200 }, (_, i) => `m${i}`);
      await publishAll(publisher, greetings, first);
      const greeted = await results.messages(out.greetings, first.length);
      assert.deepEqual(new Set(greeted), new Set(first.map((m) => `hello ${m}`)));

      await publishAll(publisher, channel("planets"), ["mars"]);
      const [error] = await results.messages(out.planets, 1);
      assert.deepEqual(JSON.parse(error), { status: 404, message: "no planet named " });

      const { status, body } = await proc.json("/health");
      assert.equal(status, 200);
      const { since, ...check } = healthCheck(body);
      assert.deepEqual(check, { healthy: true, state: "up", address: REDIS_URL });
      assert.ok(Date.parse(since) <= Date.now(), `up since ${since}`);

      // Every message Redis delivered before the signal is answered before the process exits.
      const last = Array.from({ length: 300 }, (_, i) => `late${i}`);
      await publishAll(publisher, greetings, last);
      const stopping = performance.now();
      const { code, stderr } = await proc.kill("SIGTERM");
      assert.equal(code, 0, stderr);
      assert.ok(performance.now() - stopping < 10_000, "stopped promptly");
      const all = await results.messages(out.greetings, first.length + last.length, 5000);
      assert.equal(all.length, first.length + last.length, "each message answered once");
      assert.ok(last.every((m) => all.includes(`hello ${m}`)));
      assert.ok(!proc.output().includes("still in flight"));
    } finally {
      await proc?.stop();
      await results.close();
      await publisher.quit();
    }
  }));

Deno.test("redis-pubsub plugin - reconnects and subscribes again after Redis restarts", () =>
  withCopies(async ({ plugin, app, channel }) => {
    const server = await startRedisServer();
    const greetings = channel("greetings");
    /** Publishes `message` and waits for its result, with fresh clients. */
    const roundTrip = async (message: string): Promise<string> => {
      const results = await listener(server.url, [`${greetings}.out`]);
      const publisher = new Redis(server.url);
      try {
        await publishAll(publisher, greetings, [message]);
        return (await results.messages(`${greetings}.out`, 1, 5000))[0];
      } finally {
        await results.close();
        await publisher.quit();
      }
    };
    let proc: StratosProcess | undefined;
    try {
      proc = await startStratos(app, {
        STRATOS_REDIS_PUBSUB_ADDRESS: server.url,
        STRATOS_REDIS_PUBSUB_RECONNECT_WAIT_MS: "50",
        STRATOS_REDIS_PUBSUB_RECONNECT_MAX_WAIT_MS: "200",
      }, ["--plugin", plugin, "--health-details"]);
      assert.equal(await roundTrip("before"), "hello before");

      await server.kill();
      const down = await eventually(
        async () => {
          const { status, body } = await proc!.json("/health");
          return status === 503 ? healthCheck(body) : undefined;
        },
        10_000,
        "/health to report Redis down",
      );
      assert.deepEqual([down.healthy, down.state, down.address], [false, "down", server.url]);

      await server.restart();
      await eventually(
        async () => (await proc!.json("/health")).status === 200 || undefined,
        10_000,
        "/health to report Redis back",
      );
      assert.equal(await roundTrip("after"), "hello after");
      await proc.waitForLine(/"msg":"reconnected to Redis"/, 1000);
      assert.equal(await proc.stop(), 0);
    } finally {
      await proc?.stop();
      await server.stop();
    }
  }));

Deno.test("redis-pubsub plugin - start-up fails naming the address when Redis cannot be reached", () =>
  withCopies(async ({ plugin, app }) => {
    const port = freePort();
    const started = performance.now();
    const result = await finished(stratos(["start", app, "--port", "0", "--plugin", plugin], {
      STRATOS_REDIS_PUBSUB_ADDRESS: `redis://127.0.0.1:${port}`,
      STRATOS_REDIS_PUBSUB_CONNECT_ATTEMPTS: "2",
      STRATOS_REDIS_PUBSUB_CONNECT_RETRY_MS: "50",
    }));
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(
        `error\\[REDIS_PUBSUB_ERR_CONNECT\\]: cannot connect to Redis at ` +
          `redis://127\\.0\\.0\\.1:${port} after 2 attempts: connect ECONNREFUSED`,
      ),
    );
    assert.ok(performance.now() - started < 15_000);

    // Without the plugin, nothing provides the source: Atmo's error, at the handler.
    const without = await finished(stratos(["start", app, "--port", "0"]));
    assert.equal(without.code, 2, "a Directive error");
    assert.match(
      without.stderr,
      /Directive\.yaml:\d+:\d+: handler for resource \S+greetings references source redis-pubsub that does not exist/,
    );
  }));
