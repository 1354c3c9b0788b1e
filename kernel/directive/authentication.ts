/**
 * `authentication.domains`: per-domain auth headers for outbound HTTP/GraphQL.
 *
 * @module
 */

import type { ValueResolver } from "./env.ts";
import type { CheckContext } from "./check_context.ts";
import type { RawAuthHeader } from "./schema.ts";
import type { AuthHeader } from "./types.ts";

/**
 * Checks each domain (a value is required, checked as written) and returns the headers with
 * `headerType` defaulting to `bearer` and `env(NAME)` values resolved.
 */
export function checkAuthDomains(
  domains: Record<string, RawAuthHeader> | undefined,
  context: CheckContext,
  resolve: ValueResolver,
): Record<string, AuthHeader> {
  return Object.fromEntries(
    Object.entries(domains ?? {}).map(([domain, header]) => {
      const path = ["authentication", "domains", domain, "value"];
      const value = header.value ?? "";
      if (!value) context.error(path, `authentication for domain ${domain} has an empty value`);
      return [domain, { headerType: header.headerType || "bearer", value: resolve(value, path) }];
    }),
  );
}
