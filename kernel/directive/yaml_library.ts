/**
 * npm:yaml, loaded as ES modules. Deno resolves `yaml` to the package's CommonJS build (its
 * exports map gives it to the `node` condition), whose loading starts Deno's Node compatibility
 * layer and resolves about a hundred `require` calls: some 40 ms of start-up and 10 MB of
 * resident memory per process, before the Directive is even read. The same pinned package ships
 * the same API as ES modules (`browser/`, the build its exports map gives every other runtime),
 * which loads in a few milliseconds; it is imported from beside the file `yaml` resolves to.
 * Where that file is not on disk (a compiled binary) or may not be read, the CommonJS build is
 * loaded as before.
 *
 * @module
 */

/** The npm:yaml API. */
export type YamlApi = typeof import("yaml");

/**
 * Where the ES module build of the package lies, given the URL `yaml` resolves to: `undefined`
 * unless it is the CommonJS build's entry in a package folder on disk.
 */
export function esmBuildUrl(resolved: string): string | undefined {
  if (!resolved.startsWith("file:") || !resolved.endsWith("/dist/index.js")) return undefined;
  return new URL("../browser/index.js", resolved).href;
}

/** Loads npm:yaml: its ES module build when there is one on disk, else what `yaml` resolves to. */
export async function loadYaml(resolved = import.meta.resolve("yaml")): Promise<YamlApi> {
  const esm = esmBuildUrl(resolved);
  if (esm !== undefined) {
    try {
      return await import(esm);
    } catch {
      // Not readable here (permissions, a compiled binary's layout): the CommonJS build below.
    }
  }
  return await import("yaml");
}

/** npm:yaml, loaded once when the kernel's modules are. */
export const YAML: YamlApi = await loadYaml();
