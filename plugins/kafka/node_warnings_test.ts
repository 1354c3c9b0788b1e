import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { ignoreNegativeTimeoutWarnings, type WarningEmitter } from "./node_warnings.ts";

function warning(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

Deno.test("ignoreNegativeTimeoutWarnings - drops only the negative-timeout warning", () => {
  const emitter = new EventEmitter();
  const seen: string[] = [];
  emitter.on("warning", (w: Error) => seen.push(w.name));
  ignoreNegativeTimeoutWarnings(emitter as unknown as WarningEmitter);
  ignoreNegativeTimeoutWarnings(emitter as unknown as WarningEmitter); // installs once
  emitter.emit("warning", warning("TimeoutNegativeWarning"));
  emitter.emit("warning", warning("CustomWarning"));
  assert.deepEqual(seen, ["CustomWarning"]);
});
