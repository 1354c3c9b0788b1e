import { Output, request, util } from "../../../../sdk/assemblyscript/assembly";

/** Upper-cases state value `text` (or the body when there is none) and adds `!`. */
export function run(input: ArrayBuffer): Output {
  let text = request.state("text");
  if (text.length == 0) text = util.toText(input);
  return Output.text(text.toUpperCase() + "!");
}
