/**
 * The error raised when a route cannot be added to a {@link Router}.
 *
 * @module
 */

import { StratosError } from "../errors.ts";

/**
 * Raised by `Router.add` when httprouter v1.3 would have panicked: a duplicate route, a wildcard
 * that conflicts with a static segment, a malformed wildcard, and so on. The message is
 * httprouter's panic text, e.g. `a handle is already registered for path '/hello'`.
 */
export class RouteConflictError extends StratosError {
  /** @param message httprouter's panic text */
  constructor(message: string) {
    super("STRATOS_ERR_ROUTE_CONFLICT", message);
    this.name = "RouteConflictError";
  }
}
