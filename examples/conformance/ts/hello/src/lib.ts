import { Output, util } from "../../../../../sdk/assemblyscript/assembly";

/** "hello " + the input (the request body). */
export function run(input: ArrayBuffer): Output {
  return Output.bytes(util.concat(util.toBytes("hello "), input));
}
