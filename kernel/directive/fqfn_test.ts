import assert from "node:assert/strict";
import {
  closestRunnable,
  findRunnable,
  formatFQFN,
  headlessPath,
  parseFQFN,
  stateKey,
} from "./fqfn.ts";
import type { Runnable } from "./types.ts";

Deno.test("parseFQFN splits identifier, namespace, name and version", () => {
  assert.deepEqual(parseFQFN("hello"), { namespace: "default", name: "hello" });
  assert.deepEqual(parseFQFN("db::getUser"), { namespace: "db", name: "getUser" });
  assert.deepEqual(parseFQFN("com.x#db::getUser@v1.0.0"), {
    identifier: "com.x",
    namespace: "db",
    name: "getUser",
    version: "v1.0.0",
  });
  assert.deepEqual(parseFQFN("hello@v2"), { namespace: "default", name: "hello", version: "v2" });
  assert.deepEqual(parseFQFN("a#b#c::d::e@f@g"), {
    identifier: "a",
    namespace: "b#c",
    name: "d::e",
    version: "f@g",
  });
  assert.deepEqual(parseFQFN("#::x@"), { namespace: "", name: "x" });
});

Deno.test("formatFQFN and headlessPath render the parts", () => {
  assert.equal(
    formatFQFN("com.suborbital.test", "default", "get-file", "v0.0.1"),
    "com.suborbital.test#default::get-file@v0.0.1",
  );
  assert.equal(headlessPath("com.x", "default", "hello", "v1.0.0"), "/com.x/default/hello/v1.0.0");
});

Deno.test("findRunnable resolves as Atmo's FindRunnable", () => {
  const runnable = (name: string, namespace: string): Runnable => ({
    name,
    namespace,
    fqfn: formatFQFN("com.x", namespace, name, "v1.0.0"),
  });
  const directive = {
    identifier: "com.x",
    appVersion: "v1.0.0",
    runnables: [runnable("hello", "default"), runnable("getUser", "db")],
  };
  assert.equal(findRunnable(directive, "hello")?.name, "hello");
  assert.equal(findRunnable(directive, "default::hello")?.name, "hello");
  assert.equal(findRunnable(directive, "db::getUser")?.namespace, "db");
  assert.equal(findRunnable(directive, "getUser"), undefined);
  assert.equal(findRunnable(directive, "com.x#db::getUser@v1.0.0")?.name, "getUser");
  assert.equal(findRunnable(directive, "com.y#hello"), undefined);
  assert.equal(findRunnable(directive, "hello@v2.0.0"), undefined);
});

Deno.test("stateKey is as, else fn as written", () => {
  assert.equal(stateKey({ fn: "db::getUser" }), "db::getUser");
  assert.equal(stateKey({ fn: "db::getUser", as: "user" }), "user");
});

Deno.test("closestRunnable names the Runnable a misspelt or misplaced reference meant", () => {
  const runnables = [
    { name: "signup", namespace: "default" },
    { name: "login", namespace: "default" },
    { name: "getUser", namespace: "db" },
  ] as Runnable[];
  assert.equal(closestRunnable(runnables, "sigup"), "signup");
  assert.equal(closestRunnable(runnables, "com.x#default::sigup@v1"), "signup");
  assert.equal(closestRunnable(runnables, "db::getUsr"), "db::getUser");
  // The right name in the wrong namespace.
  assert.equal(closestRunnable(runnables, "getUser"), "db::getUser");
  assert.equal(closestRunnable(runnables, "payments"), undefined);
  assert.equal(closestRunnable([], "sigup"), undefined);
});
