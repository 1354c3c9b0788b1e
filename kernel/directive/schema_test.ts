import assert from "node:assert/strict";
import { directiveShape, queriesFileShape } from "./schema.ts";

Deno.test("the Directive schema knows Atmo's keys and the Stratos additions", () => {
  const fields = directiveShape.fields;
  assert.deepEqual(Object.keys(fields), [
    "identifier",
    "appVersion",
    "atmoVersion",
    "headless",
    "connections",
    "authentication",
    "capabilities",
    "handlers",
    "schedules",
    "queries",
    "runnables",
    "plugins",
  ]);
  const handler = fields.handlers.item;
  assert.deepEqual(Object.keys(handler.fields), [
    "type",
    "source",
    "method",
    "resource",
    "steps",
    "response",
    "respondTo",
    "timeout",
    "delivery",
  ]);
  assert.deepEqual(Object.keys(handler.fields.steps.item.fields), [
    "fn",
    "as",
    "with",
    "onErr",
    "group",
    "forEach",
  ]);
  assert.deepEqual(Object.keys(fields.capabilities.fields), [
    "logger",
    "http",
    "graphql",
    "auth",
    "cache",
    "file",
    "db",
    "requestHandler",
  ]);
});

Deno.test("Queries.yaml only has queries, of the same shape", () => {
  assert.deepEqual(Object.keys(queriesFileShape.fields), ["queries"]);
  assert.equal(queriesFileShape.fields.queries.item, directiveShape.fields.queries.item);
});
