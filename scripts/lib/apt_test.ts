import assert from "node:assert/strict";
import { AptBatch, aptInstallArgs, needsAptUpdate } from "./apt.ts";

Deno.test("apt - install arguments and when to run apt-get update", () => {
  assert.deepEqual(aptInstallArgs(["redis-server"]).slice(0, 4), [
    "install",
    "-y",
    "-q",
    "--no-install-recommends",
  ]);
  assert.equal(aptInstallArgs(["a", "b"]).slice(-2).join(" "), "a b");
  assert.equal(needsAptUpdate("E: Unable to locate package nats-server"), true);
  assert.equal(needsAptUpdate("E: Failed to fetch http://x/y.deb  404  Not Found"), true);
  assert.equal(needsAptUpdate("E: Could not get lock /var/lib/dpkg/lock-frontend"), false);
});

Deno.test("apt - a batch collects every caller's packages once, sorted", () => {
  const batch = new AptBatch();
  batch.request(["redis-server", "nats-server"]);
  batch.request(["postgresql", "redis-server"]);
  assert.deepEqual(batch.packages, ["nats-server", "postgresql", "redis-server"]);
});
