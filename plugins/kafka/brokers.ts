/**
 * Reading `connections.kafka.brokerAddress`: one broker (`host:port`, as in Atmo) or several
 * separated by commas, each optionally with a `kafka://` or `tcp://` scheme.
 *
 * @module
 */

/** Port used when an address has none. */
export const DEFAULT_KAFKA_PORT = 9092;

/**
 * The broker list of a `brokerAddress`, as `host:port` strings.
 * @throws {Error} if the address names no broker or a port is not a number
 */
export function parseBrokers(brokerAddress: string): string[] {
  const brokers = brokerAddress.split(",").map((part) => part.trim()).filter((part) => part)
    .map(parseBroker);
  if (brokers.length === 0) throw new Error(`brokerAddress '${brokerAddress}' names no broker`);
  return brokers;
}

function parseBroker(address: string): string {
  const bare = address.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/\/+$/, "");
  // [v6]:port, host:port, or a host alone.
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d*))?$/.exec(bare);
  if (!match || !match[1]) throw new Error(`broker address '${address}' is not host:port`);
  const port = match[2] ? Number(match[2]) : DEFAULT_KAFKA_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`broker address '${address}' has an invalid port`);
  }
  return `${match[1]}:${port}`;
}
