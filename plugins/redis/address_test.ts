import assert from "node:assert/strict";
import { parseRedisAddress } from "./address.ts";

Deno.test("parseRedisAddress - Atmo's host:port, and URLs", () => {
  assert.deepEqual(parseRedisAddress({ serverAddress: "localhost:6380" }), {
    host: "localhost",
    port: 6380,
    db: 0,
    tls: false,
    display: "redis://localhost:6380",
  });
  assert.equal(parseRedisAddress({ serverAddress: "cache" }).port, 6379);
  const url = parseRedisAddress({ serverAddress: "rediss://ada:s%40cret@10.0.0.2:7000/3" });
  assert.equal(url.tls, true);
  assert.equal(url.db, 3);
  assert.equal(url.username, "ada");
  assert.equal(url.password, "s@cret");
  assert.equal(url.display, "rediss://10.0.0.2:7000/3");
  assert.equal(parseRedisAddress({ serverAddress: "redis://[::1]:6379" }).host, "::1");
});

Deno.test("parseRedisAddress - the username and password fields win over the URL's", () => {
  const address = parseRedisAddress({
    serverAddress: "redis://old:old@h:1",
    username: "app",
    password: "new",
  });
  assert.equal(address.username, "app");
  assert.equal(address.password, "new");
  const only = parseRedisAddress({ serverAddress: "h", password: "pw", username: "" });
  assert.equal(only.password, "pw");
  assert.equal(only.username, undefined);
});

Deno.test("parseRedisAddress - refuses what is not a Redis address, without the password", () => {
  const refused = (serverAddress: string, message: RegExp) =>
    assert.throws(() => parseRedisAddress({ serverAddress, password: "hunter2" }), (e) => {
      assert.ok(e instanceof TypeError);
      assert.match(e.message, message);
      assert.ok(!e.message.includes("hunter2"));
      return true;
    });
  refused("http://h:1", /redis:\/\/ or rediss:\/\//);
  refused("redis://h:1/zero", /database must be a number/);
  refused("h:port", /host:port or a redis:\/\/ URL/);
});
