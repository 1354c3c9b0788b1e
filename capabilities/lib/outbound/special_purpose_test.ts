/**
 * `allowPrivate: false` against the IANA special-purpose address registries (IPv4 and IPv6; the
 * IPv6 one as updated 2025-10-09), recorded as data in testdata/iana_special_purpose.csv: one row
 * per block with its name, RFC and "Globally Reachable" value (True, False, or N/A, which also
 * stands for the empty cells of terminated rows); a row naming two blocks is written as two.
 *
 * For every block the first, a middle and the last address are checked in several spellings: as
 * a resolver may return them (expanded, upper case, leading zeros, a dotted tail), as a URL host,
 * and for IPv4 blocks inside every IPv6 form that carries an IPv4 address. A block that is not
 * globally reachable (False, or N/A) must be refused with Atmo's message; a block that is
 * globally reachable must pass, except for the deliberate choices listed below.
 */

import assert from "node:assert/strict";
import { defaultCapabilities } from "../../../kernel/directive/mod.ts";
import { isPublicAddress } from "./private_ranges.ts";
import type { Resolver } from "./resolver.ts";
import { checkHop, RULE_ERRORS, RuleViolation } from "./rules.ts";

interface Entry {
  block: string;
  name: string;
  rfc: string;
  globallyReachable: string;
}

/**
 * Globally reachable blocks Stratos refuses all the same: anycast addresses answered by the
 * nearest Port Control Protocol server, TURN server or DNS-SD registration server, which is
 * normally one inside the machine's own network (its gateway, its border router).
 */
const REFUSED_THOUGH_REACHABLE = new Set([
  "192.0.0.9/32",
  "192.0.0.10/32",
  "2001:1::1/128",
  "2001:1::2/128",
  "2001:1::3/128",
]);

/**
 * Blocks whose addresses carry IPv4 addresses: they are judged by the IPv4 addresses carried, and
 * their first, middle and last addresses carry 0.0.0.0 (refused), 128.0.0.0 (public) and
 * 255.255.255.255 (refused). Teredo's middle address carries the server 128.0.0.0 and the client
 * 255.255.255.255 (its last 32 bits are inverted), so it is refused too. Every IPv4 block inside
 * these forms is checked by the test "every IPv4 block, in every IPv6 form carrying it".
 */
const CARRIERS: Record<string, readonly [boolean, boolean, boolean]> = {
  "::ffff:0:0/96": [false, true, false],
  "64:ff9b::/96": [false, true, false],
  "2002::/16": [false, true, false],
  "2001::/32": [false, false, false],
};

const RULES = {
  ...defaultCapabilities().http.rules,
  allowIPs: true,
  allowPrivate: false,
  allowHTTP: true,
};

/** Block → first, middle and last address, as numbers. */
function samples(cidr: string): { bits: 32 | 128; addresses: bigint[] } {
  const [text, prefixText] = cidr.split("/");
  const bits = text.includes(":") ? 128 : 32;
  const network = bits === 32 ? ipv4Number(text) : ipv6Number(text);
  const host = BigInt(bits - Number(prefixText));
  assert.equal(network & ((1n << host) - 1n), 0n, `${cidr} is not aligned`);
  const last = network | ((1n << host) - 1n);
  const middle = host === 0n ? network : network | (1n << (host - 1n));
  return { bits, addresses: [network, middle, last] };
}

function ipv4Number(text: string): bigint {
  return text.split(".").reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

/** Parses IPv6 text with the URL parser, so the test does not rely on the module under test. */
function ipv6Number(text: string): bigint {
  const host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const [head, tail = ""] = host.split("::");
  const words = (run: string) => run === "" ? [] : run.split(":").map((w) => parseInt(w, 16));
  const all = [...words(head), ...words(tail)];
  const full = host.includes("::")
    ? [...words(head), ...new Array(8 - all.length).fill(0), ...words(tail)]
    : all;
  return full.reduce((n, w) => (n << 16n) | BigInt(w), 0n);
}

const dotted = (n: bigint) => [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join(".");
const hex = (n: bigint, width: number) => n.toString(16).padStart(width, "0");
/** The two 16-bit words of an IPv4 address, `hhhh:hhhh`. */
const words32 = (n: bigint) => `${hex(n >> 16n, 4)}:${hex(n & 0xffffn, 4)}`;

/** IPv6 spellings of the 128-bit `n`. */
function ipv6Spellings(n: bigint): string[] {
  const groups = [...Array(8).keys()].map((i) => (n >> BigInt(112 - 16 * i)) & 0xffffn);
  const expanded = groups.map((g) => hex(g, 4)).join(":");
  const canonical = new URL(`http://[${expanded}]/`).hostname.slice(1, -1);
  return [
    expanded,
    groups.map((g) => g.toString(16).toUpperCase()).join(":"),
    canonical,
    `${groups.slice(0, 6).map((g) => g.toString(16)).join(":")}:${dotted(n & 0xffffffffn)}`,
  ];
}

const PUBLIC_V4 = ipv4Number("8.8.8.8");
const inverted = (n: bigint) => n ^ 0xffffffffn;

/** IPv6 forms carrying the IPv4 address `n`, each judged by `n`. */
function carrierSpellings(n: bigint): string[] {
  const v4 = dotted(n);
  return [
    `::ffff:${v4}`, // IPv4-mapped
    `::FFFF:${words32(n)}`,
    `0:0:0:0:0:ffff:${v4}`,
    `::ffff:0:${v4}`, // IPv4-translated
    `0000:0000:0000:0000:ffff:0000:${words32(n)}`,
    `64:ff9b::${v4}`, // NAT64 well-known prefix
    `64:ff9b::${words32(n)}`,
    `2002:${words32(n)}::`, // 6to4
    `2002:${words32(n)}:1:2:3:4:5`,
    `2001:0:${words32(PUBLIC_V4)}:8000:63bf:${words32(inverted(n))}`, // Teredo client
    `2001:0:${words32(n)}:0:63bf:${words32(inverted(PUBLIC_V4))}`, // Teredo server
    `2606:4700:4700:1:0:5efe:${v4}`, // ISATAP, private and global forms
    `2606:4700:4700:1:200:5efe:${words32(n)}`,
  ];
}

/** A resolver answering every name with `address`. */
function resolvingTo(address: string): Resolver {
  return { addresses: () => Promise.resolve([address]), aliases: () => Promise.resolve([]) };
}

/** Asserts what `checkHop` decides for a URL with `host`, a name resolving to `answer` or not. */
async function assertHop(host: string, answer: string, allowed: boolean, why: string) {
  const check = checkHop(new URL(`http://${host}/`), RULES, resolvingTo(answer));
  if (allowed) {
    assert.deepEqual(await check, [answer], `${host} → ${answer} (${why})`);
    return;
  }
  await assert.rejects(check, (error: unknown) => {
    assert.ok(error instanceof RuleViolation, `${host} → ${answer}: ${error}`);
    assert.equal(error.message, RULE_ERRORS.private, `${host} → ${answer} (${why})`);
    return true;
  });
}

/** Asserts what the outbound rules decide for `address`, as resolved and as a URL host. */
async function assertDecision(address: string, allowed: boolean, why: string): Promise<void> {
  assert.equal(isPublicAddress(address), allowed, `${address} (${why})`);
  await assertHop("name.test", address, allowed, why);
  if (!address.includes(":")) return assertHop(address, address, allowed, why);
  // The URL parser rewrites an IPv6 host into its canonical form.
  const canonical = new URL(`http://[${address}]/`).hostname;
  await assertHop(`[${address}]`, canonical.slice(1, -1), allowed, why);
}

/** Whether Stratos lets a Runnable reach the block (before looking at carried IPv4 addresses). */
function blockAllowed(entry: Entry): boolean {
  return entry.globallyReachable === "True" && !REFUSED_THOUGH_REACHABLE.has(entry.block);
}

function readRegistry(): Entry[] {
  const text = Deno.readTextFileSync(
    new URL("./testdata/iana_special_purpose.csv", import.meta.url),
  );
  const [header, ...rows] = text.trim().split("\n");
  assert.equal(header, "block,name,rfc,globally_reachable");
  return rows.map((row) => {
    const fields = row.split(",");
    assert.equal(fields.length, 4, row);
    const [block, name, rfc, globallyReachable] = fields;
    return { block, name, rfc, globallyReachable };
  });
}

const registry = readRegistry();
const ipv4 = registry.filter((e) => !e.block.includes(":"));
const ipv6 = registry.filter((e) => e.block.includes(":"));

Deno.test("registry fixture - complete and well formed", () => {
  assert.equal(ipv4.length, 26, "IPv4 rows (192.0.0.170 and .171 written as two)");
  assert.equal(ipv6.length, 25, "IPv6 rows");
  for (const entry of [...ipv4, ...ipv6]) {
    assert.match(entry.globallyReachable, /^(True|False|N\/A)$/, entry.block);
    assert.match(entry.rfc, /^RFC\d+( RFC\d+)*$/, entry.block);
    samples(entry.block);
  }
  const blocks = [...ipv4, ...ipv6].map((e) => e.block);
  assert.equal(new Set(blocks).size, blocks.length, "no block twice");
  for (const block of [...REFUSED_THOUGH_REACHABLE, ...Object.keys(CARRIERS)]) {
    assert.ok(blocks.includes(block), `${block} is in the registry`);
  }
});

Deno.test("every IPv4 block, first, middle and last address, dotted and as URL spellings", async () => {
  for (const entry of ipv4) {
    const allowed = blockAllowed(entry);
    for (const n of samples(entry.block).addresses) {
      const why = `${entry.block} ${entry.name}, reachable: ${entry.globallyReachable}`;
      await assertDecision(dotted(n), allowed, why);
      // Loose spellings the URL parser turns into the dotted address.
      const loose = [String(n), `0x${hex(n, 8)}`, `0${(n >> 24n).toString(8)}.${n & 0xffffffn}`];
      for (const host of loose) await assertHop(host, dotted(n), allowed, `${why}, as ${host}`);
    }
  }
});

Deno.test("every IPv4 block, in every IPv6 form carrying it", async () => {
  for (const entry of ipv4) {
    const allowed = blockAllowed(entry);
    for (const n of samples(entry.block).addresses) {
      for (const spelling of carrierSpellings(n)) {
        await assertDecision(spelling, allowed, `${entry.block} ${entry.name}`);
      }
    }
  }
});

Deno.test("every IPv6 block, first, middle and last address, in several spellings", async () => {
  for (const entry of ipv6) {
    const carried = CARRIERS[entry.block];
    const { addresses } = samples(entry.block);
    for (const [i, n] of addresses.entries()) {
      const allowed = carried ? carried[i] : blockAllowed(entry);
      const why = `${entry.block} ${entry.name}, reachable: ${entry.globallyReachable}`;
      for (const spelling of ipv6Spellings(n)) await assertDecision(spelling, allowed, why);
    }
  }
});

Deno.test("deliberate choices: forms refused whatever IPv4 address they carry", async () => {
  for (const v4 of ["8.8.8.8", "192.31.196.1", "10.0.0.1"]) {
    await assertDecision(`::${v4}`, false, "IPv4-compatible (deprecated)");
    await assertDecision(`64:ff9b:1::${v4}`, false, "local-use NAT64");
    await assertDecision(`64:ff9b:1:${words32(ipv4Number(v4))}::`, false, "local-use NAT64 /48");
  }
  // A public control in each carrier, so the refusals above are about the form.
  for (const spelling of carrierSpellings(PUBLIC_V4)) {
    await assertDecision(spelling, true, "8.8.8.8");
  }
});
