import { cache, Output, request } from "../../../../sdk/assemblyscript/assembly";

/** Stores the body under URL param `key` for `?ttl=` seconds (default 300). */
export function run(input: ArrayBuffer): Output {
  const key = request.urlParam("key");
  const ttlParam = request.queryParam("ttl");
  const ttl = ttlParam.length > 0 ? I32.parseInt(ttlParam) : 300;
  const err = cache.set(key, input, ttl);
  if (err !== null) return Output.error(500, err.message);
  return Output.text("stored " + key + " for " + ttl.toString() + "s");
}
