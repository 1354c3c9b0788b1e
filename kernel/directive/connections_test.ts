import assert from "node:assert/strict";
import { checkConnections, resolveConnections } from "./connections.ts";
import { envResolver } from "./env.ts";
import { decodeFixture, lines } from "./test_utils.ts";

Deno.test("reports Atmo's connection messages", () => {
  const { raw, context, report } = decodeFixture(
    "connections:\n  nats:\n    serverAddress: ''\n  kafka:\n    brokerAddress: 127.0.0.1:9092\n" +
      "  redis: {}\n  database:\n    type: oracle\n",
  );
  checkConnections(raw.connections, context);
  assert.deepEqual(lines(report), [
    "3:20: serverAddress is empty",
    '5:20: failed to parse brokerAddress as URL: parse "127.0.0.1:9092": first path segment in ' +
    "URL cannot contain colon",
    "6:10: serverAddress is empty",
    "8:11: database type oracle is invalid, must be 'mysql' or 'postgresql'",
  ]);
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

Deno.test("env(NAME) is checked as written and resolved afterwards", () => {
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
    "7:20: warning: environment variable REDIS is not set",
    "8:15: warning: environment variable REDIS_PASSWORD is not set",
  ]);
});
