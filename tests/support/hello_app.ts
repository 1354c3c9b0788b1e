/**
 * Test support: a project folder in a temp dir with a given Directive and modules copied from
 * examples/hello as top-level `<name>.wasm` files.
 *
 * @module
 */

const HELLO = new URL("../../examples/hello/", import.meta.url);

/** Names of the Runnables of examples/hello. */
export type HelloRunnable =
  | "hello"
  | "shout"
  | "find-planet"
  | "visit"
  | "get-file"
  | "cache-set"
  | "cache-get"
  | "inspect"
  | "rewrite";

/**
 * Writes `directive` (YAML text) and the modules `runnables` into a new temp folder.
 * @returns the folder's path
 */
export async function helloApp(directive: string, runnables: HelloRunnable[]): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-app-" });
  await Deno.writeTextFile(`${dir}/Directive.yaml`, directive);
  for (const name of runnables) {
    await Deno.copyFile(new URL(`${name}/${name}.wasm`, HELLO), `${dir}/${name}.wasm`);
  }
  return dir;
}
