/**
 * Test support: the repository's dependency rules, checked on a module graph (what
 * `deno info --json` reports, code and type imports alike):
 *
 * - the kernel imports no plugin and no capability (nor the generated built-in list);
 * - a capability imports only the plugin contract (`plugin.ts`), its own folder and the shared
 *   capability libraries (`capabilities/lib/`);
 * - a plugin imports only the plugin contract, its own folder and capability backend interfaces
 *   (`capabilities/<name>/backend.ts`), never another plugin;
 * - the plugin contract reaches no runtime module (`kernel/runtime.ts`, the CLI, the plugin
 *   loader), no plugin and no capability;
 * - nothing the runtime loads lives in `sdk/`, `examples/`, `tests/`, `bench/` or `scripts/`;
 * - the runtime's module graph has no import cycle;
 * - the tooling in `scripts/` imports nothing of `tests/` or `bench/` (tests and benchmarks may use
 *   the tooling, never the reverse).
 *
 * @module
 */

/** A module graph: repository-relative paths and what each imports (external ones as written). */
export type ModuleGraph = ReadonlyMap<string, readonly string[]>;

/** Folders nothing in the runtime may come from. */
const NOT_RUNTIME = ["sdk/", "examples/", "tests/", "bench/", "scripts/"];

/** Runtime modules the plugin contract must not reach. */
const RUNTIME_ONLY = [
  "kernel/runtime.ts",
  "kernel/cli/",
  "kernel/plugins/load.ts",
  "builtin_plugins.ts",
];

const isExternal = (path: string) =>
  !path.includes("/") && !path.endsWith(".ts") ||
  /^(npm|node|jsr|https?):/.test(path);

/** The folder of a plugin or capability a path lies in (`plugins/nats`, `capabilities/lib`). */
function owner(path: string): string | undefined {
  const match = /^(plugins|capabilities)\/([^/]+)\//.exec(path);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/** Why `from` may not import `to`, or undefined when it may. */
function forbidden(from: string, to: string): string | undefined {
  if (isExternal(to)) return undefined;
  if (from.startsWith("kernel/")) {
    if (
      to.startsWith("plugins/") || to.startsWith("capabilities/") || to === "builtin_plugins.ts"
    ) {
      return "the kernel imports no plugin or capability";
    }
    return undefined;
  }
  const own = owner(from);
  if (own === undefined) return undefined;
  if (to === "plugin.ts" || to.startsWith(`${own}/`)) return undefined;
  if (to.startsWith("capabilities/lib/")) {
    return own.startsWith("capabilities/") ? undefined : "plugins do not use capability libraries";
  }
  if (own.startsWith("plugins/") && /^capabilities\/[^/]+\/backend\.ts$/.test(to)) return undefined;
  return own.startsWith("plugins/")
    ? "a plugin imports only plugin.ts, its own folder and capability backend interfaces"
    : "a capability imports only plugin.ts, its own folder and capabilities/lib/";
}

/** Every module reachable from `roots`. */
export function reachable(graph: ModuleGraph, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || isExternal(path)) return;
    seen.add(path);
    for (const dep of graph.get(path) ?? []) visit(dep);
  };
  for (const root of roots) visit(root);
  return seen;
}

/** The import cycles among `modules` (each as the list of its modules), by Tarjan's algorithm. */
export function cycles(graph: ModuleGraph, modules: ReadonlySet<string>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!modules.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of modules) if (!index.has(v)) connect(v);
  return found;
}

/**
 * Every broken rule in `graph`, one line each. `runtime` are the entry points of the runtime
 * (`main.ts`, `mod.ts`), `contract` the plugin contract (`plugin.ts`).
 */
export function violations(
  graph: ModuleGraph,
  runtime: readonly string[],
  contract: string,
): string[] {
  const out: string[] = [];
  const inRuntime = reachable(graph, runtime);
  for (const from of inRuntime) {
    if (NOT_RUNTIME.some((folder) => from.startsWith(folder))) {
      out.push(`${from} is loaded by the runtime but lives in ${from.split("/")[0]}/`);
    }
    for (const to of graph.get(from) ?? []) {
      const why = forbidden(from, to);
      if (why) out.push(`${from} imports ${to}: ${why}`);
    }
  }
  for (const path of reachable(graph, [contract])) {
    if (RUNTIME_ONLY.some((r) => path.startsWith(r)) || owner(path) !== undefined) {
      out.push(`the plugin contract ${contract} reaches ${path}`);
    }
  }
  for (const cycle of cycles(graph, inRuntime)) out.push(`import cycle: ${cycle.join(" → ")}`);
  return out;
}

/** Folders the tooling in `scripts/` may not import from. */
const NOT_TOOLING = ["tests/", "bench/"];

/** Every import of a `scripts/` module from `tests/` or `bench/` in `graph`, one line each. */
export function toolingViolations(graph: ModuleGraph): string[] {
  const out: string[] = [];
  for (const [from, deps] of graph) {
    if (!from.startsWith("scripts/")) continue;
    for (const to of deps) {
      if (NOT_TOOLING.some((folder) => to.startsWith(folder))) {
        out.push(`${from} imports ${to}: the tooling in scripts/ imports no test or benchmark`);
      }
    }
  }
  return out;
}

/** The module graph of `roots` in the repository at `root`, from `deno info --json`. */
export async function moduleGraph(root: string, roots: readonly string[]): Promise<ModuleGraph> {
  const graph = new Map<string, string[]>();
  const base = new URL(root.endsWith("/") ? root : `${root}/`, "file://").href;
  const local = (specifier: string) =>
    specifier.startsWith(base) ? specifier.slice(base.length) : specifier;
  for (const entry of roots) {
    const { stdout, success, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", entry],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!success) throw new Error(`deno info ${entry} failed: ${new TextDecoder().decode(stderr)}`);
    const info = JSON.parse(new TextDecoder().decode(stdout)) as {
      modules: {
        specifier: string;
        dependencies?: { code?: { specifier: string }; type?: { specifier: string } }[];
      }[];
    };
    for (const module of info.modules) {
      const deps = (module.dependencies ?? []).flatMap((d) =>
        [d.code?.specifier, d.type?.specifier].filter((s): s is string => s !== undefined)
      );
      graph.set(local(module.specifier), [...new Set(deps.map(local))]);
    }
  }
  return graph;
}
