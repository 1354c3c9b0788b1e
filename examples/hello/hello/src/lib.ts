import { Output, util } from "../../../../sdk/assemblyscript/assembly";

const HELLO = util.toBytes("hello ");

/** Greets the request body: `hello <body>`. */
export function run(input: ArrayBuffer): Output {
  return Output.bytes(util.concat(HELLO, input));
}
