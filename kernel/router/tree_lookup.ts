/**
 * Looking a request path up in a method's tree: a port of httprouter v1.3's `getValue`, walking
 * the path by offset so that nothing is allocated except parameter values and the result.
 *
 * @module
 */

import { CATCH_ALL, type Handle, type Node, ROOT } from "./node.ts";
import type { FoundRoute } from "./route_match.ts";

const SLASH = 0x2f;

/** Shared, frozen params of routes without parameters. */
export const NO_PARAMS: Record<string, string> = Object.freeze({});

/**
 * Finds the route for `path`. Returns the match, or otherwise whether the same path with (or
 * without) a trailing slash has a route (httprouter's TSR recommendation).
 */
export function lookup<T>(root: Node<T>, path: string): FoundRoute<T> | boolean {
  let n = root;
  let pos = 0;
  let params: Record<string, string> | undefined;
  for (;;) {
    const prefix = n.path;
    const rest = path.length - pos;
    if (rest > prefix.length && path.startsWith(prefix, pos)) {
      pos += prefix.length;
      if (!n.wildChild) {
        const child = staticChild(n, path.charCodeAt(pos));
        if (child) {
          n = child;
          continue;
        }
        return path.length - pos === 1 && path.charCodeAt(pos) === SLASH && n.handle !== null;
      }
      n = n.children[0];
      if (n.type === CATCH_ALL) {
        params = withParam(params, n.key, path.slice(pos));
        return n.handle ? found(n.handle, params) : false;
      }
      let end = pos;
      while (end < path.length && path.charCodeAt(end) !== SLASH) end++;
      params = withParam(params, n.key, path.slice(pos, end));
      if (end < path.length) {
        if (n.children.length > 0) {
          pos = end;
          n = n.children[0];
          continue;
        }
        return path.length === end + 1;
      }
      if (n.handle) return found(n.handle, params);
      return n.children.length === 1 && n.children[0].path === "/" && n.children[0].handle !== null;
    }
    if (rest === prefix.length && path.startsWith(prefix, pos)) {
      if (n.handle) return found(n.handle, params);
      if (rest === 1 && path.charCodeAt(pos) === SLASH && n.wildChild && n.type !== ROOT) {
        return true;
      }
      const slash = staticChild(n, SLASH);
      if (!slash) return false;
      return (slash.path.length === 1 && slash.handle !== null) ||
        (slash.type === CATCH_ALL && slash.children[0].handle !== null);
    }
    return (rest === 1 && path.charCodeAt(pos) === SLASH) ||
      (prefix.length === rest + 1 && prefix.charCodeAt(rest) === SLASH &&
        prefix.startsWith(path.slice(pos)) && n.handle !== null);
  }
}

function staticChild<T>(n: Node<T>, code: number): Node<T> | undefined {
  const indices = n.indices;
  for (let i = 0; i < indices.length; i++) {
    if (indices.charCodeAt(i) === code) return n.children[i];
  }
  return undefined;
}

/** Adds a parameter; like httprouter's `Params.ByName`, the first value of a name wins. */
function withParam(
  params: Record<string, string> | undefined,
  key: string,
  value: string,
): Record<string, string> {
  if (!params) params = {};
  else if (Object.hasOwn(params, key)) return params;
  params[key] = value;
  return params;
}

function found<T>(handle: Handle<T>, params: Record<string, string> | undefined): FoundRoute<T> {
  return { kind: "found", value: handle.value, params: params ?? NO_PARAMS };
}
