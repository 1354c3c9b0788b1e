import { Output, request, util } from "../../../../../sdk/assemblyscript/assembly";

/** The state `text` (or, when it is empty, the input) upper-cased, with "!" appended. */
export function run(input: ArrayBuffer): Output {
  let text = request.state("text");
  if (text.length == 0) text = util.toText(input);
  return Output.text(text.toUpperCase() + "!");
}
