/**
 * Strict parsing of IP address text into bytes: canonical dotted-decimal IPv4, and IPv6 with `::`
 * compression, an optional trailing dotted IPv4 part and an optional zone (`%eth0`, ignored).
 *
 * Only the spellings a URL parser or a system resolver produces are accepted. Loose IPv4 forms
 * (`2130706433`, `0x7f.1`, `127.1`, `0177.0.0.1`) are not addresses here: the WHATWG URL parser has
 * already turned them into dotted-decimal by the time a URL's host is checked, and a resolver never
 * returns them.
 *
 * @module
 */

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export type IpBytes = Uint8Array;

const DECIMAL_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Parses dotted-decimal IPv4 (`192.0.2.1`); `undefined` for anything else. */
export function parseIPv4(text: string): IpBytes | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (const [i, part] of parts.entries()) {
    if (!DECIMAL_OCTET.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[i] = value;
  }
  return bytes;
}

/** Parses IPv6 text (`2001:db8::1`, `::ffff:192.0.2.1`, `fe80::1%eth0`); `undefined` otherwise. */
export function parseIPv6(text: string): IpBytes | undefined {
  const zone = text.indexOf("%");
  const address = zone === -1 ? text : text.slice(0, zone);
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const compressed = halves.length === 2;
  const head = groups(halves[0], !compressed);
  const tail = compressed ? groups(halves[1], true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const words = [...head, ...tail];
  const missing = 8 - words.length;
  if (compressed ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array(missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  return bytes;
}

/**
 * 16-bit words of a colon-separated run. When `last` (the run ends the address), a trailing
 * dotted IPv4 part counts as two words.
 */
function groups(run: string, last: boolean): number[] | undefined {
  if (run === "") return [];
  const parts = run.split(":");
  const words: number[] = [];
  for (const [i, part] of parts.entries()) {
    if (last && i === parts.length - 1 && part.includes(".")) {
      const v4 = parseIPv4(part);
      if (!v4) return undefined;
      words.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    } else if (HEX_GROUP.test(part)) {
      words.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return words;
}

/**
 * Parses an IP address, IPv4 or IPv6, with or without the brackets a URL puts around IPv6
 * (`[::1]`); `undefined` when `text` is not one.
 */
export function parseIp(text: string): IpBytes | undefined {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  return bare.includes(":") ? parseIPv6(bare) : parseIPv4(bare);
}

/** Whether `text` is an IP address literal (see {@link parseIp}). */
export function isIpLiteral(text: string): boolean {
  return parseIp(text) !== undefined;
}
