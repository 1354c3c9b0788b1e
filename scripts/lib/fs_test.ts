import assert from "node:assert/strict";
import { join } from "node:path";
import { exists } from "./fs.ts";

Deno.test("exists - files, folders and dangling links are there; a missing name is not", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stratos_fs_" });
  try {
    await Deno.writeTextFile(join(dir, "a.txt"), "a");
    await Deno.symlink(join(dir, "nowhere"), join(dir, "link"));
    assert.equal(await exists(join(dir, "a.txt")), true);
    assert.equal(await exists(dir), true);
    assert.equal(await exists(join(dir, "link")), true);
    assert.equal(await exists(join(dir, "missing")), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
