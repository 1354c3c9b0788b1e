import assert from "node:assert/strict";
import { denoEnv, envReference, resolveEnv } from "./env.ts";

Deno.test("envReference recognises env(NAME) only", () => {
  assert.equal(envReference("env(TOKEN)"), "TOKEN");
  assert.equal(envReference("env()"), "");
  assert.equal(envReference("env(TOKEN"), undefined);
  assert.equal(envReference("nats://localhost:4222"), undefined);
  assert.equal(envReference(" env(TOKEN)"), undefined);
});

Deno.test("resolveEnv replaces env(NAME) and reports unset variables", () => {
  const unset: string[] = [];
  const read = (name: string) => ({ TOKEN: "s3cret" } as Record<string, string>)[name];
  assert.equal(resolveEnv("env(TOKEN)", read, (n) => unset.push(n)), "s3cret");
  assert.equal(resolveEnv("env(MISSING)", read, (n) => unset.push(n)), "");
  assert.equal(resolveEnv("plain", read, (n) => unset.push(n)), "plain");
  assert.deepEqual(unset, ["MISSING"]);
});

Deno.test("resolveEnv treats a throwing reader as unset", () => {
  const unset: string[] = [];
  const read = () => {
    throw new Error("denied");
  };
  assert.equal(resolveEnv("env(X)", read, (n) => unset.push(n)), "");
  assert.deepEqual(unset, ["X"]);
});

Deno.test("denoEnv reads the environment", () => {
  Deno.env.set("STRATOS_ENV_TEST", "yes");
  assert.equal(denoEnv("STRATOS_ENV_TEST"), "yes");
  assert.equal(denoEnv("STRATOS_ENV_TEST_UNSET_9c1"), undefined);
});
