/**
 * The two path operations opening a project folder needs: joining a folder and names, and
 * whether a resolved path lies in a folder. They are written here rather than taken from
 * `node:path`, whose loading (Node's path, assert and error modules) costs about 13 ms of every
 * start.
 *
 * @module
 */

/** The separator of the paths `Deno.realPath` returns on this system. */
const SEPARATOR = Deno.build.os === "windows" ? "\\" : "/";

/**
 * `parts` joined with `/`, normalised: empty and `.` segments dropped, `..` taking back the
 * segment before it where there is one (a relative path keeps its leading `..`s); `.` when
 * nothing is left.
 */
export function joinPath(...parts: string[]): string {
  const joined = parts.filter((part) => part !== "").join("/");
  const absolute = joined.startsWith("/");
  const segments: string[] = [];
  for (const segment of joined.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === ".." && segments.length > 0 && segments.at(-1) !== "..") segments.pop();
    else if (segment !== ".." || !absolute) segments.push(segment);
  }
  const path = segments.join("/");
  return absolute ? `/${path}` : path || ".";
}

/** Whether the real path `real` is the real path `root` or lies below it. */
export function isWithin(root: string, real: string): boolean {
  if (real === root) return true;
  return real.startsWith(root.endsWith(SEPARATOR) ? root : root + SEPARATOR);
}
