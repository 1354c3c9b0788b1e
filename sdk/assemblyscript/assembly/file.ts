// Static files of the app (`get_static_file`): the project's or bundle's `static/` folder.

import { get_static_file } from "./env";
import { ffiResult, ident, len, ptr, Result, utf8 } from "./ffi";

/**
 * Reads `static/<name>`; a leading `static/`, `/` or `./` is ignored. A missing file is an
 * error (`file does not exist`).
 */
export function getStatic(name: string): Result {
  const n = utf8(name);
  return ffiResult(get_static_file(ptr(n), len(n), ident()));
}
