import { cache, Output, request } from "../../../../../sdk/assemblyscript/assembly";

/** Seconds a stored value lives. */
const TTL: i32 = 60;

/**
 * POST stores the input under URL param `key` for 60 s and answers
 * "stored N bytes under KEY"; GET answers the stored value, or error 404 with the host's message.
 */
export function run(input: ArrayBuffer): Output {
  const key = request.urlParam("key");
  if (request.method() != "POST") return Output.from(cache.get(key), 404);
  const failed = cache.set(key, input, TTL);
  if (failed !== null) return Output.error(500, failed.message);
  return Output.text("stored " + input.byteLength.toString() + " bytes under " + key);
}
