/**
 * Bounds of one outbound host call (`fetch_url`, `graphql_query`), so a Runnable's request never
 * hangs and never floods memory. Atmo had none (Go's default client waits forever and reads any
 * size).
 *
 * | Environment                       | Default | Meaning                                          |
 * | --------------------------------- | ------- | ------------------------------------------------ |
 * | `STRATOS_OUTBOUND_TIMEOUT`        | 30      | seconds for the whole call, redirects included   |
 * | `STRATOS_OUTBOUND_MAX_BYTES`      | 10 MiB  | largest response body, in bytes                  |
 * | `STRATOS_OUTBOUND_MAX_REDIRECTS`  | 10      | redirects followed (Go's default), then an error |
 *
 * @module
 */

/** Bounds of one outbound call. */
export interface OutboundLimits {
  /** Time limit of the whole call, redirects included, in milliseconds. */
  timeoutMs: number;
  /** Largest response body read, in bytes. */
  maxResponseBytes: number;
  /** Redirects followed before the call fails. */
  maxRedirects: number;
}

/** The defaults. */
export const DEFAULT_OUTBOUND_LIMITS: Readonly<OutboundLimits> = Object.freeze({
  timeoutMs: 30_000,
  maxResponseBytes: 10 * 1024 * 1024,
  maxRedirects: 10,
});

/** Reads the limits from the environment; unset or invalid values keep their default. */
export function outboundLimitsFromEnv(
  get: (name: string) => string | undefined = (name) => Deno.env.get(name),
): OutboundLimits {
  const read = (name: string, fallback: number, scale = 1, min = 1) => {
    const raw = get(name)?.trim() ?? "";
    const value = Number(raw);
    return /^[0-9]+$/.test(raw) && value >= min ? value * scale : fallback;
  };
  const d = DEFAULT_OUTBOUND_LIMITS;
  return {
    timeoutMs: read("STRATOS_OUTBOUND_TIMEOUT", d.timeoutMs, 1000),
    maxResponseBytes: read("STRATOS_OUTBOUND_MAX_BYTES", d.maxResponseBytes),
    maxRedirects: read("STRATOS_OUTBOUND_MAX_REDIRECTS", d.maxRedirects, 1, 0),
  };
}
