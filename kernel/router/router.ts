/**
 * An HTTP router with the semantics of julienschmidt/httprouter v1.3, the router behind Atmo:
 * one tree per method; static segments, `:param` (one segment) and `*catchall` (end of path only,
 * value including its leading `/`); the same conflicts rejected; trailing-slash redirects; 405
 * with an `Allow` list. `HEAD` is not mapped to `GET`, as in httprouter.
 *
 * @module
 */

import { Node } from "./node.ts";
import { RouteConflictError } from "./route_conflict_error.ts";
import type { FoundRoute, RouteEntry, RouteMatch } from "./route_match.ts";
import { addRoute } from "./tree_insert.ts";
import { lookup, NO_PARAMS } from "./tree_lookup.ts";

/** The frozen, shared match of a route without wildcards. */
function staticMatch<T>(value: T): FoundRoute<T> {
  return Object.freeze({ kind: "found", value, params: NO_PARAMS });
}

const NOT_FOUND: RouteMatch<never> = Object.freeze({ kind: "not-found" });

/**
 * Routes `(method, path)` pairs to values.
 *
 * @example
 * ```ts
 * const router = new Router<string>();
 * router.add("GET", "/users/:id", "user");
 * router.match("GET", "/users/42"); // { kind: "found", value: "user", params: { id: "42" } }
 * ```
 */
export class Router<T> {
  #trees = new Map<string, Node<T>>();
  /** Per method, the routes without wildcards: an exact hit needs no tree walk. */
  #static = new Map<string, Map<string, FoundRoute<T>>>();
  #routes: RouteEntry<T>[] = [];

  /**
   * Adds a route. Throws {@link RouteConflictError} (with httprouter's panic text) when the path
   * is malformed or conflicts with a route added before; the router is then left unchanged.
   */
  add(method: string, path: string, value: T): void {
    if (method === "") throw new RouteConflictError("method must not be empty");
    if (!path.startsWith("/")) {
      throw new RouteConflictError(`path must begin with '/' in path '${path}'`);
    }
    const tree = this.#trees.get(method)?.clone() ?? new Node<T>();
    addRoute(tree, path, { value });
    this.#trees.set(method, tree);
    this.#routes.push({ method, path, value });
    if (!/[:*]/.test(path)) this.#staticRoutes(method).set(path, staticMatch(value));
  }

  /**
   * Looks up a request. `path` is the request's path (no query string). The order of checks is
   * httprouter's: the method's route, then a trailing-slash redirect (never for `/` or
   * `CONNECT`), then 405 when other methods have the path, else not found.
   */
  match(method: string, path: string): RouteMatch<T> {
    const hit = this.#static.get(method)?.get(path);
    if (hit) return hit;
    const tree = this.#trees.get(method);
    if (tree) {
      const result = lookup(tree, path);
      if (typeof result === "object") return result;
      if (result && method !== "CONNECT" && path !== "/") {
        const location = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path + "/";
        return { kind: "redirect", location };
      }
    }
    const allow = this.#allowed(method, path);
    return allow.length > 0 ? { kind: "method-not-allowed", allow } : NOT_FOUND;
  }

  /** Every route added, in the order added. */
  routes(): RouteEntry<T>[] {
    return this.#routes.map((route) => ({ ...route }));
  }

  #staticRoutes(method: string): Map<string, FoundRoute<T>> {
    let routes = this.#static.get(method);
    if (!routes) this.#static.set(method, routes = new Map());
    return routes;
  }

  /** httprouter's `allowed`: other methods with a route for `path`, plus `OPTIONS`, sorted. */
  #allowed(method: string, path: string): string[] {
    const allow: string[] = [];
    for (const [other, tree] of this.#trees) {
      if (other === method || other === "OPTIONS") continue;
      if (typeof lookup(tree, path) === "object") allow.push(other);
    }
    if (allow.length === 0) return allow;
    allow.push("OPTIONS");
    return allow.sort();
  }
}
