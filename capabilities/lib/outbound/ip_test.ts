import assert from "node:assert/strict";
import { isIpLiteral, parseIp, parseIPv4, parseIPv6 } from "./ip.ts";

const bytes = (...values: number[]) => new Uint8Array(values);

Deno.test("parseIPv4 - dotted decimal only", () => {
  assert.deepEqual(parseIPv4("127.0.0.1"), bytes(127, 0, 0, 1));
  assert.deepEqual(parseIPv4("255.255.255.255"), bytes(255, 255, 255, 255));
  for (
    const loose of ["2130706433", "0x7f.0.0.1", "127.1", "0177.0.0.1", "256.0.0.1", "1.2.3", ""]
  ) {
    assert.equal(parseIPv4(loose), undefined, loose);
  }
});

Deno.test("parseIPv6 - compression, embedded IPv4 and zones", () => {
  const loopback = new Uint8Array(16);
  loopback[15] = 1;
  assert.deepEqual(parseIPv6("::1"), loopback);
  assert.deepEqual(parseIPv6("0:0:0:0:0:0:0:1"), loopback);
  assert.deepEqual(parseIPv6("::"), new Uint8Array(16));
  assert.deepEqual(
    parseIPv6("::ffff:127.0.0.1"),
    bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1),
  );
  assert.deepEqual(parseIPv6("::ffff:7f00:1"), parseIPv6("::ffff:127.0.0.1"));
  assert.deepEqual(parseIPv6("fe80::1%eth0")?.slice(0, 2), bytes(0xfe, 0x80));
  assert.deepEqual(parseIPv6("2001:db8::")?.slice(0, 4), bytes(0x20, 0x01, 0x0d, 0xb8));
  assert.deepEqual(parseIPv6("::FFFF:0:127.0.0.1"), parseIPv6("0:0:0:0:ffff:0:7f00:0001"));
  for (
    const bad of [
      "1::2::3",
      "12345::",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7",
      ":::",
      "g::1",
      "1.2.3.4::", // a dotted part ends the address
      "1.2.3.4::1",
      "::1.2.3.4:1",
      "1:2:3:4:5:6:7:1.2.3.4",
      "::ffff:127.1",
      "::ffff:0x7f.0.0.1",
    ]
  ) {
    assert.equal(parseIPv6(bad), undefined, bad);
  }
});

Deno.test("parseIp - strips URL brackets; isIpLiteral", () => {
  assert.equal(parseIp("[::1]")?.length, 16);
  assert.equal(parseIp("10.0.0.1")?.length, 4);
  assert.equal(isIpLiteral("[fd00::2f00]"), true);
  assert.equal(isIpLiteral("example.com"), false);
  assert.equal(isIpLiteral("localhost"), false);
});
