import assert from "node:assert/strict";
import { serverAddressError } from "./server_address.ts";

Deno.test("serverAddressError - accepts addresses as people write them", () => {
  for (
    const address of [
      "localhost",
      "127.0.0.1:6379",
      "redis.internal:6379",
      "[::1]:4222",
      "[2001:db8::1]",
      "nats://127.0.0.1:4222",
      "nats://user:p%40ss@nats.example:4222",
      "redis://:secret@[::1]:6379/2",
      "rediss://cache.example",
      "kafka://broker-1:9092/",
      " tls://secure:4443 ",
    ]
  ) {
    assert.equal(serverAddressError(address), undefined, address);
  }
});

Deno.test("serverAddressError - says what is wrong", () => {
  assert.equal(serverAddressError(":4222"), "it names no host");
  assert.equal(serverAddressError("nats://"), "it names no host");
  assert.equal(serverAddressError("::1:4222"), "it names no host");
  assert.equal(serverAddressError("host:port"), "'port' is not a port (1 to 65535)");
  assert.equal(serverAddressError("host:0"), "'0' is not a port (1 to 65535)");
  assert.equal(serverAddressError("host:65536"), "'65536' is not a port (1 to 65535)");
  assert.equal(serverAddressError("a:1:2"), "'1:2' is not a port (1 to 65535)");
  assert.equal(serverAddressError("[zz::1]:1"), "'zz::1' is not a host name or IP address");
  assert.equal(serverAddressError("bad_host!:1"), "'bad_host!' is not a host name or IP address");
  assert.equal(serverAddressError("two words:1"), "it contains white space");
});
