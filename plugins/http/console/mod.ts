/**
 * The live console at `/_stratos/` (`--console`, on under `deno task dev`): one self-contained
 * page (page.ts: HTML, CSS and script, nothing from elsewhere) that polls two JSON endpoints,
 * `api/app` (the app's handlers, Runnables, schedules and connection states) and
 * `api/requests?since=T` (the requests, stream messages and schedule runs that ended after T, each
 * with its steps, host calls, timings, status, errors and log lines). While it is on, every
 * isolate keeps its last finished traces (it listens to the telemetry, which turns tracing on);
 * the page reads those of every isolate of the process.
 *
 * @module
 */

import type { PluginContext, Router, TraceRecord } from "../../../plugin.ts";
import type { Route } from "../route.ts";
import { appOverview } from "./overview.ts";
import { CONSOLE_PAGE } from "./page.ts";
import { mergeRecent, RecentTraces } from "./recent.ts";

/** Where the console lives. */
export const CONSOLE_PATH = "/_stratos/";

/** The link topic each isolate answers with its traces that ended after a time. */
const RECENT_TOPIC = "http.console-recent";

/** The console of one version of the app. */
export interface ConsoleHooks {
  /** The traces of every isolate that ended after `since` (ms since the epoch). */
  recent(since: number): Promise<TraceRecord[]>;
  /** Stops keeping traces. */
  stop(): void;
}

/** Starts keeping this isolate's finished traces, and serves them to the other isolates. */
export function startConsole(ctx: PluginContext): ConsoleHooks {
  const recent = new RecentTraces();
  const unlisten = ctx.telemetry.listen((trace) => recent.add(trace));
  ctx.link?.serve(RECENT_TOPIC, (since) => recent.since(Number(since)));
  return {
    async recent(since) {
      if (!ctx.link) return recent.since(since);
      return mergeRecent(await ctx.link.gather(RECENT_TOPIC, since) as TraceRecord[][]);
    },
    stop: unlisten,
  };
}

const NO_STORE = { "cache-control": "no-store" };

function json(value: unknown): Response {
  return new Response(JSON.stringify(value), {
    headers: { ...NO_STORE, "content-type": "application/json" },
  });
}

/** Adds the console's page and endpoints to `router`. */
export function addConsoleRoutes(
  router: Router<Route>,
  ctx: PluginContext,
  hooks: ConsoleHooks,
): void {
  router.add("GET", CONSOLE_PATH, () =>
    new Response(CONSOLE_PAGE, {
      headers: {
        ...NO_STORE,
        "content-type": "text/html; charset=utf-8",
        // The page runs its own inline script and style and loads nothing else.
        "content-security-policy":
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; " +
          "connect-src 'self'; img-src data:",
      },
    }));
  router.add("GET", `${CONSOLE_PATH}api/app`, async () => json(await appOverview(ctx)));
  router.add("GET", `${CONSOLE_PATH}api/requests`, async (_request, uri) => {
    const at = uri.indexOf("?");
    const query = new URLSearchParams(at === -1 ? "" : uri.slice(at + 1));
    const since = Number(query.get("since") ?? 0);
    return json(await hooks.recent(Number.isFinite(since) ? since : 0));
  });
}
