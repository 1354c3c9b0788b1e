import assert from "node:assert/strict";
import { parseNatsAddress } from "./address.ts";

Deno.test("parseNatsAddress - plain addresses, with and without scheme or port", () => {
  assert.deepEqual(parseNatsAddress("nats://127.0.0.1:4222"), {
    server: "127.0.0.1:4222",
    display: "nats://127.0.0.1:4222",
    tls: false,
  });
  assert.equal(parseNatsAddress("localhost").server, "localhost:4222");
  assert.equal(parseNatsAddress("nats.example:5222").display, "nats://nats.example:5222");
  assert.equal(parseNatsAddress("nats://[::1]:4333").server, "[::1]:4333");
  assert.equal(parseNatsAddress(" tls://secure:4443 ").tls, true);
});

Deno.test("parseNatsAddress - credentials are taken out and hidden from the display form", () => {
  const withUser = parseNatsAddress("nats://ada:s%40cret@host:4222");
  assert.equal(withUser.user, "ada");
  assert.equal(withUser.pass, "s@cret");
  assert.equal(withUser.token, undefined);
  assert.equal(withUser.display, "nats://***@host:4222");
  const withToken = parseNatsAddress("nats://t0ken@host");
  assert.equal(withToken.token, "t0ken");
  assert.equal(withToken.user, undefined);
  assert.ok(!withToken.display.includes("t0ken"));
});

Deno.test("parseNatsAddress - refuses what is not an address", () => {
  assert.throws(() => parseNatsAddress("nats://"), TypeError);
  assert.throws(() => parseNatsAddress("nats://host:notaport"), TypeError);
});
