/**
 * The outcome of looking up a request in a {@link Router}.
 *
 * @module
 */

/** A route that matched, with the values of its `:param` and `*catchall` segments. */
export interface FoundRoute<T> {
  /** Discriminant. */
  kind: "found";
  /** The value registered with the route. */
  value: T;
  /** Parameter values by name; a catch-all value includes its leading `/`. */
  params: Record<string, string>;
}

/**
 * What a router lookup found:
 * - `found`: a route matched;
 * - `redirect`: the same path with (or without) a trailing slash has a route (httprouter's
 *   `RedirectTrailingSlash`); callers answer 301 for GET and 308 otherwise, keeping the query;
 * - `method-not-allowed`: the path has routes for other methods only; `allow` is httprouter's
 *   sorted list, which always ends up including `OPTIONS` (httprouter answers 405 with it, or 200
 *   to an `OPTIONS` request);
 * - `not-found`: nothing matched.
 */
export type RouteMatch<T> =
  | FoundRoute<T>
  | { kind: "redirect"; location: string }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" };

/** A route as it was added. */
export interface RouteEntry<T> {
  /** HTTP method, as given. */
  method: string;
  /** Path pattern, as given. */
  path: string;
  /** The value registered with the route. */
  value: T;
}
