import assert from "node:assert/strict";
import { kafkaOptions } from "./options.ts";

const noEnv = () => undefined;

Deno.test("kafkaOptions - defaults: the group is the Directive identifier", () => {
  assert.deepEqual(kafkaOptions({}, noEnv, "com.example.app"), {
    group: "com.example.app",
    startFrom: "earliest",
    connectRetries: 5,
    connectTimeoutMs: 3000,
    sessionTimeoutMs: 30_000,
    concurrency: 4,
  });
});

Deno.test("kafkaOptions - plugin config first, then the environment", () => {
  const env: Record<string, string> = {
    STRATOS_KAFKA_GROUP: "fleet-a",
    STRATOS_KAFKA_CONNECT_RETRIES: "0",
  };
  assert.equal(kafkaOptions({}, (name) => env[name], "com.example.app").group, "fleet-a");
  const options = kafkaOptions(
    { group: "from-config", startFrom: "latest", sessionTimeoutMs: 6000 },
    (name) => env[name],
    "com.example.app",
  );
  assert.equal(options.group, "from-config");
  assert.equal(options.connectRetries, 0);
  assert.equal(options.startFrom, "latest");
  assert.equal(options.sessionTimeoutMs, 6000);
});

Deno.test("kafkaOptions - invalid values name their source", () => {
  assert.throws(
    () => kafkaOptions({}, (n) => n === "STRATOS_KAFKA_START_FROM" ? "middle" : undefined, "x"),
    /environment variable STRATOS_KAFKA_START_FROM is 'middle', expected 'earliest' or 'latest'/,
  );
  assert.throws(
    () => kafkaOptions({ concurrency: 0 }, noEnv, "x"),
    /kafka plugin option 'concurrency' is '0', expected an integer >= 1/,
  );
});
