/**
 * Which addresses `allowPrivate: false` keeps Runnables away from.
 *
 * Atmo refused an address when Go's `ip.IsPrivate() || !ip.IsGlobalUnicast()`: RFC 1918 and
 * `fc00::/7`, loopback, link-local, multicast, unspecified and broadcast, with IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`) judged as its IPv4 address. Stratos refuses that set and, because each of
 * these reaches something that is not the public Internet, also every other special-purpose range
 * of the IANA registries that is not globally reachable (carrier-grade NAT `100.64.0.0/10`, where
 * some clouds put their metadata service; `0.0.0.0/8`; benchmarking; documentation; reserved; IPv6
 * site-local, discard, IETF protocol assignments), and the IPv4 address embedded in IPv4-compatible,
 * NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`) addresses.
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
  "192.0.0.0/24", // IETF protocol assignments
  "192.0.2.0/24", // documentation
  "192.88.99.0/24", // 6to4 relay anycast (deprecated)
  "192.168.0.0/16", // private
  "198.18.0.0/15", // benchmarking
  "198.51.100.0/24", // documentation
  "203.0.113.0/24", // documentation
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, and 255.255.255.255 broadcast
].map(range);

const IPV6_NOT_PUBLIC: readonly Range[] = [
  "::/96", // unspecified, loopback, and deprecated IPv4-compatible addresses
  "64:ff9b:1::/48", // local-use NAT64
  "100::/64", // discard
  "2001::/23", // IETF protocol assignments (Teredo, benchmarking, ...)
  "2001:db8::/32", // documentation
  "fc00::/7", // unique local
  "fe80::/10", // link-local
  "fec0::/10", // site-local (deprecated)
  "ff00::/8", // multicast
].map(range);

/** IPv6 prefixes that carry an IPv4 address, and where its 4 bytes are. */
const IPV4_CARRIERS: readonly (readonly [Range, number])[] = [
  [range("::ffff:0:0/96"), 12], // IPv4-mapped
  [range("64:ff9b::/96"), 12], // NAT64 (RFC 6052)
  [range("2002::/16"), 2], // 6to4
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

/** Whether `address` (bytes) is a public, globally routable unicast address. */
export function isPublicBytes(address: IpBytes): boolean {
  if (address.length === 4) return !IPV4_NOT_PUBLIC.some((r) => inRange(address, r));
  for (const [carrier, offset] of IPV4_CARRIERS) {
    if (inRange(address, carrier)) return isPublicBytes(address.subarray(offset, offset + 4));
  }
  return !IPV6_NOT_PUBLIC.some((r) => inRange(address, r));
}

/**
 * Whether `address` (IP text, as a resolver returns it or a URL writes it) is public. Text that
 * is not an IP address is never public.
 */
export function isPublicAddress(address: string): boolean {
  const bytes = parseIp(address);
  return bytes !== undefined && isPublicBytes(bytes);
}
