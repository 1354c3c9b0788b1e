import assert from "node:assert/strict";
import { checkDirective } from "./check_directive.ts";
import { decodeFixture, lines } from "./test_utils.ts";

const HEADER = "identifier: com.x\nappVersion: v1.0.0\natmoVersion: v0.4.7\n";

function check(text: string, env: Record<string, string> = {}) {
  const { raw, context, report } = decodeFixture(HEADER + text);
  const result = checkDirective({
    raw,
    context,
    queries: [],
    discovered: [],
    env: (name) => env[name],
  });
  return { ...result, report };
}

Deno.test("assembles only the sections the Directive has", () => {
  const { directive, report } = check("runnables: [{name: a, namespace: default}]\n");
  assert.deepEqual(directive, {
    identifier: "com.x",
    appVersion: "v1.0.0",
    atmoVersion: "v0.4.7",
    runnables: [{
      name: "a",
      namespace: "default",
      fqfn: "com.x#default::a@v1.0.0",
      fqfnUri: "/com.x/default/a/v1.0.0",
    }],
  });
  assert.deepEqual(lines(report), []);
});

Deno.test("keeps the resolved form of the capabilities the Directive names", () => {
  const { directive, capabilities } = check(
    "headless: true\ncapabilities:\n  file: {enabled: false}\nrunnables: [{name: a, namespace: default}]\n",
  );
  assert.equal(directive.headless, true);
  assert.deepEqual(directive.capabilities, { file: { enabled: false } });
  assert.equal(capabilities.file.enabled, false);
  assert.equal(capabilities.logger.enabled, true);
});

Deno.test("a kafka stream needs the kafka connection", () => {
  const { directive, report } = check(
    "connections:\n  kafka: {brokerAddress: env(BROKER)}\n" +
      "handlers: [{type: stream, source: kafka, resource: orders, steps: [{fn: a}]}]\n" +
      "runnables: [{name: a, namespace: default}]\n",
    { BROKER: "kafka:9092" },
  );
  assert.deepEqual(directive.connections, { kafka: { brokerAddress: "kafka:9092" } });
  assert.equal(directive.handlers?.[0].source, "kafka");
  assert.deepEqual(lines(report), []);
});

Deno.test("an unknown fn is told the Runnable it most likely meant", () => {
  const { report } = check(
    "runnables: [{name: signup, namespace: default}, {name: getUser, namespace: db}]\n" +
      "handlers:\n  - type: request\n    resource: /x\n    method: POST\n    steps:\n" +
      "      - fn: sigup\n      - fn: getUser\n      - fn: billing\n",
  );
  assert.deepEqual(lines(report), [
    "10:13: handler for POST /x lists fn at step 0 that does not exist: sigup (did you mean " +
    "'signup'?)",
    "11:13: handler for POST /x lists fn at step 1 that does not exist: getUser (did you mean " +
    "'db::getUser'?)",
    "12:13: handler for POST /x lists fn at step 2 that does not exist: billing (did you forget " +
    "a namespace?)",
  ]);
});
