import assert from "node:assert/strict";
import { systemResolver } from "./resolver.ts";

Deno.test("systemResolver.addresses - the system's answer; nothing for unknown names", async () => {
  const local = await systemResolver.addresses("localhost");
  assert.ok(local.length > 0);
  assert.ok(local.every((a) => a === "::1" || a.startsWith("127.")), local.join());
  assert.deepEqual(await systemResolver.addresses("127.0.0.1"), ["127.0.0.1"]);
  // A name that cannot exist: RFC 6761 reserves .invalid.
  assert.deepEqual(await systemResolver.addresses("no-such-host.invalid"), []);
});
