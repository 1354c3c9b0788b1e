import assert from "node:assert/strict";
import { isPublicAddress } from "./private_ranges.ts";

Deno.test("isPublicAddress - everything Atmo refused is refused", () => {
  // Go: ip.IsPrivate() || !ip.IsGlobalUnicast()
  for (
    const address of [
      "127.0.0.1",
      "127.255.255.254",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.0.11",
      "169.254.169.254",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::",
      "::1",
      "fe80::1",
      "fd00::2f00",
      "fc00::1",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "::ffff:7f00:1",
    ]
  ) {
    assert.equal(isPublicAddress(address), false, address);
  }
});

Deno.test("isPublicAddress - other non-public ranges and embedded IPv4", () => {
  for (
    const address of [
      "100.64.0.1", // carrier-grade NAT
      "100.100.100.200", // a metadata service in CGNAT space
      "0.1.2.3",
      "198.18.0.1",
      "192.0.2.1",
      "240.0.0.1",
      "::127.0.0.1", // IPv4-compatible
      "64:ff9b::a00:1", // NAT64 of 10.0.0.1
      "2002:7f00:1::", // 6to4 of 127.0.0.1
      "2001:db8::1",
      "fec0::1",
      "100::1",
      "not an address",
      "2130706433",
    ]
  ) {
    assert.equal(isPublicAddress(address), false, address);
  }
});

Deno.test("isPublicAddress - public addresses pass", () => {
  for (
    const address of [
      "93.184.216.34",
      "100.11.12.13",
      "8.8.8.8",
      "172.32.0.1",
      "192.169.0.1",
      "2606:4700:4700::1111",
      "2604:a880:cad:d0::dff:7001",
      "::ffff:8.8.8.8",
      "64:ff9b::808:808", // NAT64 of 8.8.8.8
      "2002:808:808::", // 6to4 of 8.8.8.8
    ]
  ) {
    assert.equal(isPublicAddress(address), true, address);
  }
});
