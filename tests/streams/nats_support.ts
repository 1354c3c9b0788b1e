/**
 * Support for the NATS stream tests: apps in temp dirs built from examples/hello's modules, a
 * test client, collecting messages, and Stratos child processes.
 *
 * @module
 */

import { connect, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { deliveryLines, type DeliverySpec, ECHO, writeEcho } from "../support/echo_guest.ts";
import { helloApp, type HelloRunnable } from "../support/hello_app.ts";

/** The shared NATS server the tests use (`STRATOS_TEST_NATS_URL`). */
export const NATS_URL = Deno.env.get("STRATOS_TEST_NATS_URL") ?? "nats://127.0.0.1:4222";

/** A subject no other test uses: `stratos.test.<name>.<random>`. */
export function uniqueSubject(name: string): string {
  return `stratos.test.${name}.${crypto.randomUUID().slice(0, 8)}`;
}

/** One `source: nats` stream handler with a single step. */
export interface NatsHandlerSpec {
  /** Subject. */
  resource: string;
  /** The examples/hello Runnable to run, or the echo guest of `echo_guest.ts`. */
  fn: HelloRunnable | typeof ECHO;
  /** Subject the result is published to. */
  respondTo?: string;
  /** The handler's `delivery:` block. */
  delivery?: DeliverySpec;
}

/** The Directive of an app with `handlers`, connected to `serverAddress`. */
export function natsDirective(
  serverAddress: string,
  handlers: NatsHandlerSpec[],
  identifier = "com.stratos.natstest",
): string {
  const lines = [
    `identifier: ${identifier}`,
    "appVersion: v0.1.0",
    "atmoVersion: v0.4.7",
    "connections:",
    "  nats:",
    `    serverAddress: ${serverAddress}`,
    "handlers:",
  ];
  for (const h of handlers) {
    lines.push("  - type: stream", "    source: nats", `    resource: ${h.resource}`);
    if (h.respondTo) lines.push(`    respondTo: ${h.respondTo}`);
    lines.push(...deliveryLines(h.delivery), "    steps:", `      - fn: ${h.fn}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * Writes an app with `handlers` (and the modules they use) into a temp dir; returns its path.
 * `echoSpins` sets how long the echo guest works on each message.
 */
export async function natsApp(
  serverAddress: string,
  handlers: NatsHandlerSpec[],
  identifier?: string,
  echoSpins = 0,
): Promise<string> {
  const fns = new Set(handlers.map((h) => h.fn));
  const hello = [...fns].filter((fn): fn is HelloRunnable => fn !== ECHO);
  const dir = await helloApp(natsDirective(serverAddress, handlers, identifier), hello);
  if (fns.has(ECHO)) await writeEcho(dir, echoSpins);
  return dir;
}

/** A test client that reconnects quickly and forever. */
export function testClient(url = NATS_URL): Promise<NatsConnection> {
  return connect({
    servers: url,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
    name: "stratos-test",
  });
}

/** Subscribes to `subject` and resolves with the first `count` messages, or fails after `timeoutMs`. */
export function collect(
  nc: NatsConnection,
  subject: string,
  count: number,
  timeoutMs = 10_000,
): Promise<Msg[]> {
  const messages: Msg[] = [];
  const { promise, resolve, reject } = Promise.withResolvers<Msg[]>();
  const subscription = nc.subscribe(subject, {
    callback(_, msg) {
      messages.push(msg);
      if (messages.length === count) done(() => resolve(messages));
    },
  });
  const timer = setTimeout(
    () =>
      done(() =>
        reject(
          new Error(`got ${messages.length} of ${count} messages on ${subject} in ${timeoutMs} ms`),
        )
      ),
    timeoutMs,
  );
  const done = (settle: () => void) => {
    clearTimeout(timer);
    subscription.unsubscribe();
    settle();
  };
  return nc.flush().then(() => promise);
}

/** Calls `probe` every 50 ms until it returns a value other than `undefined`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export { startStratos, type StratosProcess } from "../support/stratos_process.ts";
