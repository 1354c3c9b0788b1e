// A Runnable using the host function `greet_name` that the hello-greeter plugin adds
// (examples/plugin-hello/plugin). Input: a name; output: the plugin's greeting for it.
import { ffiResult, ident, Output } from "../../../../../sdk/assemblyscript/assembly";

// The plugin's host function, imported from module `env` like every host function.
// @ts-ignore: decorator
@external("env", "greet_name")
declare function greet_name(namePtr: usize, nameSize: usize, ident: i32): i32;

/** Greets the name in the request body; an empty body is the plugin's error, returned as 400. */
export function run(input: ArrayBuffer): Output {
  const result = ffiResult(greet_name(changetype<usize>(input), input.byteLength, ident()));
  if (result.isErr) return Output.error(400, result.errorMessage());
  return Output.bytes(result.bytes);
}
