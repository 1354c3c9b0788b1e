/**
 * The radix-tree node of the router, laid out as in julienschmidt/httprouter v1.3: a node holds
 * a path fragment, one index character per static child, and either static children or a single
 * wildcard child (`:param` or `*catchall`).
 *
 * @module
 */

/** A static segment (or the split point of several). */
export const STATIC = 0;
/** The root of a method's tree. */
export const ROOT = 1;
/** A `:param` node; its path is `:name`. */
export const PARAM = 2;
/** A catch-all node: an empty-path holder, then a leaf whose path is `/*name`. */
export const CATCH_ALL = 3;

/** The kind of a node. */
export type NodeType = typeof STATIC | typeof ROOT | typeof PARAM | typeof CATCH_ALL;

/** A registered value, boxed so that `undefined` can be registered too. */
export interface Handle<T> {
  /** The value given to `Router.add`. */
  readonly value: T;
}

/** One node of a method's routing tree. */
export class Node<T> {
  /** Path fragment matched by this node. */
  path = "";
  /** First character of each static child's path, in `children` order. */
  indices = "";
  /** Whether the only child is a wildcard (`:param` or catch-all). */
  wildChild = false;
  /** Children: static ones (see `indices`), or a single wildcard child. */
  children: Node<T>[] = [];
  /** The value of the route ending here, if any. */
  handle: Handle<T> | null = null;
  /** Parameter name of a `:param` node or a catch-all leaf, without `:`, `/*`. */
  key = "";

  /** @param type the kind of node */
  constructor(public type: NodeType = STATIC) {}

  /** Deep copy of this subtree (handles are shared). */
  clone(): Node<T> {
    const copy = new Node<T>(this.type);
    copy.path = this.path;
    copy.indices = this.indices;
    copy.wildChild = this.wildChild;
    copy.handle = this.handle;
    copy.key = this.key;
    copy.children = this.children.map((child) => child.clone());
    return copy;
  }
}
