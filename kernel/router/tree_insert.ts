/**
 * Adding a route to a method's tree, with the conflict rules and panic texts of
 * julienschmidt/httprouter v1.3 (`tree.go` `addRoute` / `insertChild`). Priorities, which only
 * reorder children for speed, are left out; they never change what matches.
 *
 * @module
 */

import { CATCH_ALL, type Handle, Node, PARAM, ROOT } from "./node.ts";
import { RouteConflictError } from "./route_conflict_error.ts";

/**
 * Adds `path` to the tree rooted at `root`. Throws {@link RouteConflictError} where httprouter
 * panics; the tree may then be half-modified, so callers insert into a copy.
 */
export function addRoute<T>(root: Node<T>, path: string, handle: Handle<T>): void {
  const fullPath = path;
  let n = root;
  if (n.path.length === 0 && n.children.length === 0) {
    insertChild(n, path, fullPath, handle);
    n.type = ROOT;
    return;
  }
  for (;;) {
    const i = commonPrefixLength(path, n.path);
    if (i < n.path.length) splitEdge(n, i);
    if (i === path.length) {
      if (n.handle) {
        throw new RouteConflictError(`a handle is already registered for path '${fullPath}'`);
      }
      n.handle = handle;
      return;
    }
    path = path.slice(i);
    if (n.wildChild) {
      n = n.children[0];
      if (wildcardContinues(n, path)) continue;
      throw wildcardConflict(n, path, fullPath);
    }
    const c = path[0];
    if (n.type === PARAM && c === "/" && n.children.length === 1) {
      n = n.children[0];
      continue;
    }
    const index = n.indices.indexOf(c);
    if (index >= 0) {
      n = n.children[index];
      continue;
    }
    if (c !== ":" && c !== "*") {
      const child = new Node<T>();
      n.indices += c;
      n.children.push(child);
      n = child;
    }
    insertChild(n, path, fullPath, handle);
    return;
  }
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Moves everything of `n` after `at` into a new static child. */
function splitEdge<T>(n: Node<T>, at: number): void {
  const child = new Node<T>();
  child.path = n.path.slice(at);
  child.wildChild = n.wildChild;
  child.indices = n.indices;
  child.children = n.children;
  child.handle = n.handle;
  n.children = [child];
  n.indices = n.path[at];
  n.path = n.path.slice(0, at);
  n.handle = null;
  n.wildChild = false;
}

/** Whether `path` walks on through the existing wildcard node `n` (same name, whole segment). */
function wildcardContinues<T>(n: Node<T>, path: string): boolean {
  return path.startsWith(n.path) && n.type !== CATCH_ALL &&
    (n.path.length >= path.length || path[n.path.length] === "/");
}

function wildcardConflict<T>(n: Node<T>, path: string, fullPath: string): RouteConflictError {
  const segment = n.type === CATCH_ALL ? path : path.split("/", 1)[0];
  const prefix = fullPath.slice(0, fullPath.indexOf(segment)) + n.path;
  return new RouteConflictError(
    `'${segment}' in new path '${fullPath}' conflicts with existing wildcard '${n.path}'` +
      ` in existing prefix '${prefix}'`,
  );
}

/** Stores `path` (which may contain wildcards) below the childless node `n`. */
function insertChild<T>(n: Node<T>, path: string, fullPath: string, handle: Handle<T>): void {
  let offset = 0;
  const max = path.length;
  for (let i = 0; i < max; i++) {
    const c = path[i];
    if (c !== ":" && c !== "*") continue;
    const end = wildcardEnd(path, i, fullPath);
    if (n.children.length > 0) {
      throw new RouteConflictError(
        `wildcard route '${
          path.slice(i, end)
        }' conflicts with existing children in path '${fullPath}'`,
      );
    }
    if (end - i < 2) {
      throw new RouteConflictError(
        `wildcards must be named with a non-empty name in path '${fullPath}'`,
      );
    }
    if (c === "*") {
      if (end !== max) {
        throw new RouteConflictError(
          `catch-all routes are only allowed at the end of the path in path '${fullPath}'`,
        );
      }
      insertCatchAll(n, path, offset, i, fullPath, handle);
      return;
    }
    if (i > 0) {
      n.path = path.slice(offset, i);
      offset = i;
    }
    const param = new Node<T>(PARAM);
    param.key = path.slice(i + 1, end);
    n.children = [param];
    n.wildChild = true;
    n = param;
    if (end < max) {
      n.path = path.slice(offset, end);
      offset = end;
      const next = new Node<T>();
      n.children = [next];
      n = next;
    }
  }
  n.path = path.slice(offset);
  n.handle = handle;
}

/** End of the wildcard starting at `start`: the next `/` or the end of the path. */
function wildcardEnd(path: string, start: number, fullPath: string): number {
  let end = start + 1;
  while (end < path.length && path[end] !== "/") {
    if (path[end] === ":" || path[end] === "*") {
      throw new RouteConflictError(
        `only one wildcard per path segment is allowed, has: '${
          path.slice(start)
        }' in path '${fullPath}'`,
      );
    }
    end++;
  }
  return end;
}

function insertCatchAll<T>(
  n: Node<T>,
  path: string,
  offset: number,
  star: number,
  fullPath: string,
  handle: Handle<T>,
): void {
  if (n.path.endsWith("/")) {
    throw new RouteConflictError(
      `catch-all conflicts with existing handle for the path segment root in path '${fullPath}'`,
    );
  }
  const slash = star - 1;
  if (path[slash] !== "/") {
    throw new RouteConflictError(`no / before catch-all in path '${fullPath}'`);
  }
  n.path = path.slice(offset, slash);
  n.indices = "/";
  const holder = new Node<T>(CATCH_ALL);
  holder.wildChild = true;
  n.children = [holder];
  const leaf = new Node<T>(CATCH_ALL);
  leaf.path = path.slice(slash);
  leaf.key = leaf.path.slice(2);
  leaf.handle = handle;
  holder.children = [leaf];
}
