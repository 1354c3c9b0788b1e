/**
 * Which addresses `allowPrivate: false` keeps Runnables away from.
 *
 * Atmo refused an address when Go's `ip.IsPrivate() || !ip.IsGlobalUnicast()`: RFC 1918 and
 * `fc00::/7`, loopback, link-local, multicast, unspecified and broadcast, with IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`) judged as its IPv4 address. Stratos refuses that set and, because each of
 * these reaches something that is not the public Internet, also:
 *
 * - every block of the IANA special-purpose registries (IPv4 and IPv6) that is not globally
 *   reachable: carrier-grade NAT `100.64.0.0/10` (where some clouds put their metadata service),
 *   `0.0.0.0/8`, benchmarking, documentation (`192.0.2.0/24`, `2001:db8::/32`, `3fff::/20`),
 *   reserved space, the IETF protocol assignments `192.0.0.0/24` and `2001::/23`;
 * - IPv6 outside `2000::/3`, the only space handed out for global unicast: unique-local,
 *   link-local, site-local, multicast, discard (`100::/64`), the dummy prefix (`100:0:0:1::/64`),
 *   SRv6 SIDs (`5f00::/16`), local-use NAT64 (`64:ff9b:1::/48`), IPv4-compatible `::a.b.c.d`, and
 *   whatever gets carved out of reserved space later;
 * - the anycast addresses of Port Control Protocol, TURN and DNS-SD registration (`192.0.0.9`,
 *   `192.0.0.10`, `2001:1::1` to `2001:1::3`): though listed as globally reachable, they are
 *   answered by the nearest such server, normally one inside the machine's own network.
 *
 * IPv6 addresses that carry an IPv4 address are judged by it, and refused if any IPv4 address
 * they carry is refused: IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated `::ffff:0:a.b.c.d`, NAT64
 * `64:ff9b::a.b.c.d`, 6to4 `2002:AABB:CCDD::/48`, Teredo `2001:0:SSSS:SSSS::` (its server and its
 * client, whose bits are inverted in the last 32), and ISATAP interface identifiers
 * (`…:0:5efe:a.b.c.d`, `…:200:5efe:a.b.c.d`) under any prefix.
 *
 * @module
 */

import { type IpBytes, parseIp } from "./ip.ts";

type Range = readonly [network: IpBytes, prefix: number];

function range(cidr: string): Range {
  const [text, prefix] = cidr.split("/");
  const network = parseIp(text);
  if (!network) throw new Error(`bad range ${cidr}`);
  return [network, Number(prefix)];
}

const IPV4_NOT_PUBLIC: readonly Range[] = [
  "0.0.0.0/8", // "this network"; 0.0.0.0 reaches the local host
  "10.0.0.0/8", // private
  "100.64.0.0/10", // shared address space (carrier-grade NAT, some metadata services)
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local (metadata services such as 169.254.169.254)
  "172.16.0.0/12", // private
  "192.0.0.0/24", // IETF protocol assignments, PCP and TURN anycast among them
  "192.0.2.0/24", // documentation
  "192.88.99.0/24", // 6to4 relay anycast (deprecated), 6a44 relay
  "192.168.0.0/16", // private
  "198.18.0.0/15", // benchmarking
  "198.51.100.0/24", // documentation
  "203.0.113.0/24", // documentation
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, and 255.255.255.255 broadcast
].map(range);

/** The IPv6 global unicast space; nothing outside it is public (but see the IPv4 carriers). */
const IPV6_GLOBAL_UNICAST = range("2000::/3");

/** Blocks inside `2000::/3` that are not public. */
const IPV6_NOT_PUBLIC: readonly Range[] = [
  "2001::/23", // IETF protocol assignments (benchmarking, PCP/TURN/DNS-SD anycast, ...)
  "2001:db8::/32", // documentation
  "3fff::/20", // documentation
].map(range);

/** Blocks inside those above that the registry lists as globally reachable. */
const IPV6_PUBLIC_INSIDE: readonly Range[] = [
  "2001:3::/32", // AMT relays
  "2001:4:112::/48", // AS112
  "2001:20::/28", // ORCHIDv2
  "2001:30::/28", // drone remote ID entity tags
].map(range);

/** The IPv4 address at `offset`, optionally with every bit inverted. */
function ipv4At(address: IpBytes, offset: number, inverted = false): IpBytes {
  const bytes = address.slice(offset, offset + 4);
  return inverted ? bytes.map((b) => b ^ 0xff) : bytes;
}

/** IPv6 prefixes whose addresses carry IPv4 addresses, and where. */
const IPV4_CARRIERS: readonly (readonly [Range, (address: IpBytes) => IpBytes[]])[] = [
  [range("::ffff:0:0/96"), (a) => [ipv4At(a, 12)]], // IPv4-mapped
  [range("::ffff:0:0:0/96"), (a) => [ipv4At(a, 12)]], // IPv4-translated (SIIT)
  [range("64:ff9b::/96"), (a) => [ipv4At(a, 12)]], // NAT64 well-known prefix
  [range("2002::/16"), (a) => [ipv4At(a, 2)]], // 6to4
  [range("2001::/32"), (a) => [ipv4At(a, 4), ipv4At(a, 12, true)]], // Teredo server, client
];

function inRange(address: IpBytes, [network, prefix]: Range): boolean {
  if (address.length !== network.length) return false;
  const whole = prefix >> 3;
  for (let i = 0; i < whole; i++) if (address[i] !== network[i]) return false;
  const rest = prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (address[whole] & mask) === (network[whole] & mask);
}

const inAny = (address: IpBytes, ranges: readonly Range[]) =>
  ranges.some((r) => inRange(address, r));

/** Whether the interface identifier is ISATAP's `[02]00:5efe` followed by an IPv4 address. */
function isIsatap(address: IpBytes): boolean {
  return (address[8] & 0xfc) === 0 && address[9] === 0 && address[10] === 0x5e &&
    address[11] === 0xfe;
}

/** Whether `address` (bytes) is a public, globally routable unicast address. */
export function isPublicBytes(address: IpBytes): boolean {
  if (address.length === 4) return !inAny(address, IPV4_NOT_PUBLIC);
  if (isIsatap(address) && !isPublicBytes(ipv4At(address, 12))) return false;
  const carrier = IPV4_CARRIERS.find(([prefix]) => inRange(address, prefix));
  if (carrier) return carrier[1](address).every(isPublicBytes);
  return inRange(address, IPV6_GLOBAL_UNICAST) &&
    (inAny(address, IPV6_PUBLIC_INSIDE) || !inAny(address, IPV6_NOT_PUBLIC));
}

/**
 * Whether `address` (IP text, as a resolver returns it or a URL writes it) is public. Text that
 * is not an IP address is never public.
 */
export function isPublicAddress(address: string): boolean {
  const bytes = parseIp(address);
  return bytes !== undefined && isPublicBytes(bytes);
}
