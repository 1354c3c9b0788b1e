/**
 * Host-side auth injection: the `Authorization` header configured for a domain (`capabilities.auth.
 * headers`, already merged with `authentication.domains`) is added by the host to a request hop
 * whose URL host is that domain. The Runnable never holds the secret.
 *
 * A domain matches the URL's `host[:port]` as Atmo compared it, case-insensitively; a URL without
 * a port also matches a domain written with the scheme's default port (`api.example.com:443`).
 *
 * @module
 */

import type { AuthHeader, CapabilityConfig } from "../../../plugin.ts";
import { effectivePort } from "./rules.ts";

/** The auth configuration (`capabilities.auth`). */
export type AuthConfig = CapabilityConfig["auth"];

/** The `Authorization` value for `header`: `<headerType> <value>`. */
export function authorizationValue(header: AuthHeader): string {
  return header.headerType === "" ? header.value : `${header.headerType} ${header.value}`;
}

/**
 * The `Authorization` value the host adds to a request hop to `url`, or `undefined` when auth is
 * disabled, no domain matches, or the configured value is empty.
 */
export function authorizationFor(url: URL, auth: AuthConfig): string | undefined {
  if (!auth.enabled) return undefined;
  const candidates = new Set([url.host, `${url.hostname}:${effectivePort(url)}`]);
  for (const [domain, header] of Object.entries(auth.headers)) {
    if (header.value !== "" && candidates.has(domain.toLowerCase())) {
      return authorizationValue(header);
    }
  }
  return undefined;
}

/** Every configured secret value (non-empty), whether or not auth is enabled. */
export function authSecrets(auth: AuthConfig): string[] {
  return Object.values(auth.headers).map((h) => h.value).filter((v) => v !== "");
}
