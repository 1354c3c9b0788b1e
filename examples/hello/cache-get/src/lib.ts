import { cache, Output, request } from "../../../../sdk/assemblyscript/assembly";

/** Returns the value stored under URL param `key`, or error 404 with the host's message. */
export function run(_input: ArrayBuffer): Output {
  return Output.from(cache.get(request.urlParam("key")), 404);
}
