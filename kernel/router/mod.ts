/**
 * The HTTP router of Stratos, with julienschmidt/httprouter v1.3 semantics (what Atmo used).
 *
 * @module
 */

export { Router } from "./router.ts";
export { RouteConflictError } from "./route_conflict_error.ts";
export type { FoundRoute, RouteEntry, RouteMatch } from "./route_match.ts";
