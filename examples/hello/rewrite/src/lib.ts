import { Output, request } from "../../../../sdk/assemblyscript/assembly";

/**
 * Changes the request for the following steps: upper-cases URL param `name` and body field
 * `message`, replaces header `x-greeting` and sets state `note`.
 */
export function run(_input: ArrayBuffer): Output {
  let err = request.setUrlParam("name", request.urlParam("name").toUpperCase());
  if (err === null) {
    err = request.setBodyField("message", request.bodyField("message").toUpperCase());
  }
  if (err === null) err = request.setHeader("x-greeting", "rewritten");
  if (err === null) err = request.setState("note", "set by rewrite");
  if (err !== null) return Output.error(500, err.message);
  return Output.text("rewritten");
}
