import { Output, request } from "../../../../../sdk/assemblyscript/assembly";

/** The states `a` and `b` joined with " | ". */
export function run(_input: ArrayBuffer): Output {
  return Output.text(request.state("a") + " | " + request.state("b"));
}
