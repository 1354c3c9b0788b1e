/**
 * Route conflicts between request handlers, found as Atmo finds them: every request handler is
 * registered in a fresh httprouter-compatible router, and its complaint is the problem.
 *
 * @module
 */

import { RouteConflictError, Router } from "../router/mod.ts";
import type { CheckContext } from "./check_context.ts";
import type { RawHandler } from "./schema.ts";

/**
 * Registers each request handler's method and resource; a conflict is an error at the resource.
 * Handlers already reported for a missing method or leading slash are skipped.
 */
export function checkRoutes(
  handlers: (RawHandler | undefined)[] | undefined,
  context: CheckContext,
): void {
  const router = new Router<number>();
  for (const [i, handler] of (handlers ?? []).entries()) {
    const { type, method, resource } = handler ?? {};
    if (type !== "request" || !method || !resource?.startsWith("/")) continue;
    try {
      router.add(method, resource, i);
    } catch (error) {
      if (!(error instanceof RouteConflictError)) throw error;
      context.error(["handlers", i, "resource"], error.message);
    }
  }
}
