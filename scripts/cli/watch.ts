/**
 * The watching half of `stratos dev`: notices what changed in an app folder and says what to do
 * about it. A change in a Runnable's sources rebuilds that Runnable only; a change of the
 * Directive, `Queries.yaml`, a static file or a module reloads the app. Changes come in bursts
 * (an editor writes a file in several steps, a build writes its module), so they are gathered
 * for a short while before anything happens.
 *
 * @module
 */

import { dirname, join, relative, resolve, sep } from "node:path";

/** What a burst of changes asks for. */
export interface ChangePlan {
  /** Runnable folders whose sources changed: rebuild these. */
  rebuild: string[];
  /** Whether the app must be reloaded (its Directive, queries, static files or modules changed). */
  reload: boolean;
}

/** Folders whose changes never matter: build outputs, dependencies, version control. */
const IGNORED = new Set(["target", "node_modules", ".git", ".stratos", "dist", "build"]);

/** How long a burst of changes is gathered, in milliseconds. */
export const SETTLE_MS = 150;

/** Whether a folder holds a Runnable (a `.runnable.yaml` or `.runnable.yml`). */
async function isRunnable(dir: string): Promise<boolean> {
  for (const name of [".runnable.yaml", ".runnable.yml"]) {
    try {
      await Deno.stat(join(dir, name));
      return true;
    } catch { /* not there */ }
  }
  return false;
}

/** The Runnable folder `path` lies in (below `root`), if any. */
async function runnableOf(root: string, path: string): Promise<string | undefined> {
  for (let dir = dirname(path); dir.startsWith(root) && dir !== root; dir = dirname(dir)) {
    if (await isRunnable(dir)) return dir;
  }
  return undefined;
}

/**
 * What the changed `paths` (absolute) of the app at `root` ask for. `built` are module files the
 * dev loop itself just wrote: their changes were already acted on.
 */
export async function planChanges(
  root: string,
  paths: Iterable<string>,
  built: ReadonlySet<string> = new Set(),
): Promise<ChangePlan> {
  const rebuild = new Set<string>();
  let reload = false;
  for (const path of paths) {
    const parts = relative(root, path).split(sep);
    if (parts[0] === ".." || parts.some((part) => IGNORED.has(part))) continue;
    if (path.endsWith(".wasm")) {
      reload ||= !built.has(path);
      continue;
    }
    const runnable = await runnableOf(root, path);
    if (runnable) rebuild.add(runnable);
    else reload = true; // Directive.yaml, Queries.yaml, static/...
  }
  return { rebuild: [...rebuild].sort(), reload };
}

/**
 * Watches the app at `root` and calls `act` with each burst's plan, one at a time (changes
 * arriving while `act` runs are gathered for the next). Resolves when `signal` aborts.
 */
export async function watchApp(
  root: string,
  act: (plan: ChangePlan) => Promise<void>,
  signal: AbortSignal,
  built: () => ReadonlySet<string>,
): Promise<void> {
  const dir = resolve(root);
  const watcher = Deno.watchFs(dir, { recursive: true });
  signal.addEventListener("abort", () => watcher.close(), { once: true });
  let pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = Promise.resolve();
  const flush = () => {
    const paths = pending;
    pending = new Set();
    running = running.then(async () => {
      const plan = await planChanges(dir, paths, built());
      if (plan.rebuild.length > 0 || plan.reload) await act(plan);
    });
  };
  try {
    for await (const event of watcher) {
      if (event.kind === "access") continue;
      for (const path of event.paths) pending.add(path);
      clearTimeout(timer);
      timer = setTimeout(flush, SETTLE_MS);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.BadResource)) throw error; // closed on abort
  }
  clearTimeout(timer);
  await running;
}
