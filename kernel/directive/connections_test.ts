import assert from "node:assert/strict";
import { checkConnections, resolveConnections } from "./connections.ts";
import { envResolver } from "./env.ts";
import { decodeFixture, lines } from "./test_utils.ts";

Deno.test("reports Atmo's connection messages, and addresses that are none", () => {
  const { raw, context, report } = decodeFixture(
    "connections:\n  nats:\n    serverAddress: ''\n  kafka:\n    brokerAddress: '127.0.0.1:9092, :9093'\n" +
      "  redis: {}\n  database:\n    type: oracle\n",
  );
  checkConnections(raw.connections, context);
  assert.deepEqual(lines(report), [
    "3:20: serverAddress is empty",
    "5:20: brokerAddress ':9093' is not an address (it names no host): write host:port, IP:port, " +
    "[IPv6]:port or a URL such as kafka://127.0.0.1:9092",
    "6:10: serverAddress is empty",
    "8:11: database type oracle is invalid, must be 'mysql' or 'postgresql'",
  ]);
});

Deno.test("host:port, IP:port, [IPv6]:port and URLs are addresses (more than Atmo took)", () => {
  const { raw, context, report } = decodeFixture(
    "connections:\n  nats:\n    serverAddress: '[::1]:4222'\n" +
      "  kafka:\n    brokerAddress: 127.0.0.1:9092,kafka-2:9092\n" +
      "  redis:\n    serverAddress: 127.0.0.1:6379\n",
  );
  checkConnections(raw.connections, context);
  assert.deepEqual(lines(report), []);
  const commas = decodeFixture("connections:\n  kafka:\n    brokerAddress: ' , '\n");
  checkConnections(commas.raw.connections, commas.context);
  assert.deepEqual(lines(commas.report), ["3:20: brokerAddress ' , ' names no broker"]);
});

Deno.test("a database needs a connection string", () => {
  const { raw, context, report } = decodeFixture("connections:\n  database:\n    type: mysql\n");
  checkConnections(raw.connections, context);
  assert.deepEqual(lines(report), ["3:5: database connectionString is empty"]);
});

Deno.test("a null connection is not configured and not checked", () => {
  const { raw, context, report } = decodeFixture("connections:\n  nats:\n");
  checkConnections(raw.connections, context);
  assert.deepEqual(lines(report), []);
  assert.deepEqual(resolveConnections(raw.connections, (v) => v), {});
});

Deno.test("env(NAME) is checked once resolved; an unset variable is an error", () => {
  const { raw, context, report } = decodeFixture(
    "connections:\n  nats:\n    serverAddress: env(NATS)\n  kafka:\n    brokerAddress: env(KAFKA)\n" +
      "  redis:\n    serverAddress: env(REDIS)\n    password: env(REDIS_PASSWORD)\n" +
      "  database:\n    type: postgresql\n    connectionString: env(DB)\n",
  );
  checkConnections(raw.connections, context);
  const env: Record<string, string> = {
    NATS: "nats://n:4222",
    KAFKA: "k:9092",
    DB: "postgres://d",
  };
  const resolved = resolveConnections(raw.connections, envResolver((n) => env[n], context));
  assert.deepEqual(resolved, {
    nats: { serverAddress: "nats://n:4222" },
    kafka: { brokerAddress: "k:9092" },
    redis: { serverAddress: "", password: "" },
    database: { type: "postgresql", connectionString: "postgres://d" },
  });
  assert.deepEqual(lines(report), [
    "7:20: environment variable REDIS is not set",
    "8:15: environment variable REDIS_PASSWORD is not set",
  ]);
});
