import assert from "node:assert/strict";
import { seedBrokers } from "./seed_brokers.ts";

Deno.test("seedBrokers - host names pass as they are, with kafkajs's own sockets", () => {
  assert.deepEqual(seedBrokers(["a:9092", "127.0.0.1:9093"]), {
    brokers: ["a:9092", "127.0.0.1:9093"],
  });
});

Deno.test("seedBrokers - an IPv6 broker gets a stand-in name its socket dials back", async () => {
  const listener = Deno.listen({ hostname: "::1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const seeds = seedBrokers(["a:9092", `[::1]:${port}`]);
  assert.deepEqual(seeds.brokers, ["a:9092", `stratos-ipv6-0.invalid:${port}`]);
  const [host, portText] = seeds.brokers[1].split(":"); // as kafkajs does
  const accepted = listener.accept();
  const { promise: connected, resolve } = Promise.withResolvers<void>();
  const socket = seeds.socketFactory!({
    host,
    port: Number(portText),
    ssl: {},
    onConnect: () => resolve(),
  });
  await connected;
  const conn = await accepted;
  assert.equal((conn.remoteAddr as Deno.NetAddr).hostname, "::1");
  socket.destroy();
  conn.close();
  listener.close();
});
