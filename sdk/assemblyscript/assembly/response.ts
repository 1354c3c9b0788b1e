// Response headers (`resp_set_header`), applied by the runtime when the handler succeeds.

import { resp_set_header } from "./env";
import { ident, len, ptr, utf8 } from "./ffi";

/** Sets a header of the HTTP response. */
export function setHeader(key: string, value: string): void {
  const k = utf8(key);
  const v = utf8(value);
  resp_set_header(ptr(k), len(k), ptr(v), len(v), ident());
}

/** Sets the `Content-Type` of the HTTP response. */
export function contentType(value: string): void {
  setHeader("Content-Type", value);
}
