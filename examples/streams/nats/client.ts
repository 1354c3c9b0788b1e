/**
 * A minimal NATS client for trying the example (Debian has no `nats` CLI):
 *
 * ```sh
 * deno run -A examples/streams/nats/client.ts request hello.nats world
 * deno run -A examples/streams/nats/client.ts request inspect.nats '{}' X-Greeting=hi
 * deno run -A examples/streams/nats/client.ts listen greetings.out
 * deno run -A examples/streams/nats/client.ts publish greetings.in world
 * ```
 *
 * `NATS_URL` picks the server (default nats://127.0.0.1:4222).
 *
 * @module
 */

import { connect, headers, type MsgHdrs } from "@nats-io/transport-node";

/** Prints a message's headers (if any) and payload. */
function show(payload: string, hdrs: MsgHdrs | undefined): void {
  for (const [name, values] of hdrs ?? []) console.log(`${name}: ${values.join(", ")}`);
  console.log(payload);
}

if (import.meta.main) {
  const [command, subject, payload = "", ...pairs] = Deno.args;
  if (!["request", "publish", "listen"].includes(command) || !subject) {
    console.error("usage: client.ts request|publish|listen SUBJECT [PAYLOAD] [Header=value...]");
    Deno.exit(2);
  }
  const nc = await connect({ servers: Deno.env.get("NATS_URL") ?? "nats://127.0.0.1:4222" });
  const h = headers();
  for (const pair of pairs) {
    h.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
  }
  const options = pairs.length > 0 ? { headers: h } : {};
  if (command === "request") {
    const reply = await nc.request(subject, payload, { timeout: 5000, ...options });
    show(reply.string(), reply.headers);
  } else if (command === "publish") {
    nc.publish(subject, payload, options);
  } else {
    for await (const msg of nc.subscribe(subject)) show(msg.string(), msg.headers);
  }
  await nc.drain();
}
