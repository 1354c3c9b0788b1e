/**
 * The errors of Go's `net/url.Parse`, which Atmo uses to check connection addresses. Only the
 * checks that can fail are reproduced; a URL that parses yields `undefined`.
 *
 * @module
 */

/**
 * Why Go's `url.Parse(raw)` fails, in Go's words (`parse "raw": reason`), or `undefined` when it
 * succeeds.
 */
export function goUrlParseError(raw: string): string | undefined {
  const hash = raw.indexOf("#");
  const url = hash < 0 ? raw : raw.slice(0, hash);
  const reason = parseError(url);
  if (reason) return `parse ${goQuote(url)}: ${reason}`;
  const fragmentError = hash < 0 ? undefined : unescapeError(raw.slice(hash + 1));
  return fragmentError && `parse ${goQuote(raw)}: ${fragmentError}`;
}

function parseError(url: string): string | undefined {
  if ([...url].some(isControl)) return "net/url: invalid control character in URL";
  if (url === "*") return undefined;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(url)?.[0];
  if (url.startsWith(":")) return "missing protocol scheme";
  let rest = scheme ? url.slice(scheme.length) : url;
  rest = rest.endsWith("?") && rest.indexOf("?") === rest.length - 1
    ? rest.slice(0, -1)
    : rest.split("?", 1)[0];
  if (!rest.startsWith("/")) {
    if (scheme) return undefined;
    if (rest.split("/", 1)[0].includes(":")) {
      return "first path segment in URL cannot contain colon";
    }
  }
  if (rest.startsWith("//") && (scheme || !rest.startsWith("///"))) {
    const slash = rest.indexOf("/", 2);
    const authorityError = authorityParseError(slash < 0 ? rest.slice(2) : rest.slice(2, slash));
    if (authorityError) return authorityError;
    rest = slash < 0 ? "" : rest.slice(slash);
  }
  return unescapeError(rest);
}

function authorityParseError(authority: string): string | undefined {
  const at = authority.lastIndexOf("@");
  const hostError = hostParseError(authority.slice(at + 1));
  if (hostError || at < 0) return hostError;
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return "net/url: invalid userinfo";
  return unescapeError(userinfo);
}

function hostParseError(host: string): string | undefined {
  let name = host;
  if (host.startsWith("[")) {
    const close = host.lastIndexOf("]");
    if (close < 0) return "missing ']' in host";
    const port = host.slice(close + 1);
    if (!/^(:[0-9]*)?$/.test(port)) return `invalid port ${goQuote(port)} after host`;
    name = host.slice(1, close);
  } else {
    const colon = host.lastIndexOf(":");
    if (colon >= 0) {
      const port = host.slice(colon);
      if (!/^:[0-9]*$/.test(port)) return `invalid port ${goQuote(port)} after host`;
    }
  }
  const bad = HOST_ERROR.exec(name);
  if (!bad) return undefined;
  if (bad[0].startsWith("%")) return `invalid URL escape ${goQuote(bad[0])}`;
  return `invalid character ${goQuote(bad[0])} in host name`;
}

/** In a host: a malformed escape, an escaped ASCII byte other than `%25`, or a bad character. */
const HOST_ERROR =
  /%(?![0-9A-Fa-f]{2}).{0,2}|%(?!25)[0-7][0-9A-Fa-f]|[^A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"%\u0080-\uffff]/s;

/** Go's `unescape` error: a `%` not followed by two hex digits. */
function unescapeError(text: string): string | undefined {
  const bad = /%(?![0-9A-Fa-f]{2})/.exec(text);
  return bad ? `invalid URL escape ${goQuote(text.slice(bad.index, bad.index + 3))}` : undefined;
}

const GO_ESCAPES: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  '"': '\\"',
  "\\": "\\\\",
};

/** Go's `strconv.Quote` for the characters that can occur here. */
export function goQuote(text: string): string {
  const escape = (c: string) =>
    GO_ESCAPES[c] ??
      (isControl(c) ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}` : c);
  return `"${[...text].map(escape).join("")}"`;
}

/** An ASCII control character (what Go's `stringContainsCTLByte` looks for). */
function isControl(c: string): boolean {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
