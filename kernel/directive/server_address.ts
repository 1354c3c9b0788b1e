/**
 * Checking a server address of `connections:` (NATS, Kafka, Redis) as people write it: `host`,
 * `host:port`, `IP:port`, `[IPv6]:port`, or a URL with or without its scheme
 * (`nats://user:pass@host:4222`, `redis://host:6379/2`). This accepts more than Atmo, which ran
 * the value through Go's URL parser and so refused `127.0.0.1:6379` (a colon in the first path
 * segment) with a message that suggested no fix. The plugins read the same forms.
 *
 * @module
 */

/** Why `value` is not one server address, or `undefined` when it is one. */
export function serverAddressError(value: string): string | undefined {
  const text = value.trim();
  if (/\s/.test(text)) return "it contains white space";
  const rest = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  if (rest === "") return "it names no host";
  // The authority ends at the path or query; user info ends at its last '@'.
  const authority = rest.split(/[/?#]/, 1)[0];
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(hostPort);
  const [host, port] = bracketed
    ? [bracketed[1], bracketed[2]]
    : hostPort.split(/:(.*)/s, 2) as [string, string | undefined];
  if (host === "") return "it names no host";
  if (bracketed ? !isIPv6(host) : !/^[A-Za-z0-9._~%-]+$/.test(host)) {
    return `'${host}' is not a host name or IP address`;
  }
  if (port === undefined) return undefined;
  const number = Number(port);
  if (!/^[0-9]{1,5}$/.test(port) || number < 1 || number > 65535) {
    return `'${port}' is not a port (1 to 65535)`;
  }
  return undefined;
}

function isIPv6(host: string): boolean {
  if (!host.includes(":")) return false;
  try {
    new URL(`http://[${host}]/`);
    return true;
  } catch {
    return false;
  }
}
