import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO_ROOT } from "../build/mod.ts";
import { cargoLock, LOCKED_CRATES } from "./cargo_lock.ts";

Deno.test("cargoLock - is, for hello, the lock file examples/rust/hello builds from", async () => {
  const committed = await Deno.readTextFile(
    join(REPO_ROOT, "examples", "rust", "hello", "Cargo.lock"),
  );
  assert.equal(cargoLock("hello"), committed);
});

Deno.test("cargoLock - puts the crate in name order among its dependencies", () => {
  const names = (lock: string) => [...lock.matchAll(/^name = "(.+)"$/gm)].map((m) => m[1]);
  assert.deepEqual(names(cargoLock("signup")), [
    "proc-macro2",
    "quote",
    "signup",
    "suborbital",
    "suborbital-macro",
    "syn",
    "unicode-ident",
  ]);
  assert.equal(names(cargoLock("zeta")).at(-1), "zeta");
  assert.equal(names(cargoLock("alpha"))[0], "alpha");
  assert.equal(LOCKED_CRATES.length, 6);
});
