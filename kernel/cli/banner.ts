/**
 * The start-up banner: the app, its handlers, schedules, connections, plugins and URL.
 *
 * @module
 */

import type { Runtime } from "../runtime.ts";

/** Renders the banner of a started runtime serving in `isolates` isolates. */
export function banner(runtime: Runtime, version: string, isolates = 1): string {
  const { directive, options } = runtime;
  const lines = [
    `Stratos ${version} · ${directive.identifier} ${directive.appVersion} (${options.path})`,
  ];
  const section = (title: string, items: string[]) => {
    lines.push(`  ${title}:${items.length === 0 ? " none" : ""}`);
    for (const item of items) lines.push(`    ${item}`);
  };
  const fnNames = (steps: { fn?: string; group?: { fn: string }[] }[]) =>
    steps.map((s) => s.group ? `[${s.group.map((g) => g.fn).join(", ")}]` : s.fn).join(" → ");
  if (options.headless) {
    section("headless", directive.runnables.map((r) => `POST ${r.fqfnUri}`));
  } else {
    section(
      "handlers",
      (directive.handlers ?? []).map((h) => {
        const on = h.type === "request"
          ? `${h.method} ${h.resource}`
          : `${h.source || "server"} ${h.resource}`;
        return `${on}  ${fnNames(h.steps)}`;
      }),
    );
    section(
      "schedules",
      (directive.schedules ?? []).map((s) =>
        `${s.name} every ${JSON.stringify(s.every)}  ${fnNames(s.steps)}`
      ),
    );
  }
  section("connections", Object.keys(directive.connections ?? {}));
  const pending = runtime.pendingConnections();
  if (pending.length > 0) {
    lines.push(
      `  still opening: ${pending.join(", ")} (handlers that need them wait, or get 503)`,
    );
  }
  lines.push(`  plugins: ${runtime.plugins.join(", ")}`);
  if (isolates > 1) {
    lines.push(`  isolates: ${isolates} (HTTP handlers in each; streams, schedules in one)`);
  }
  for (const line of runtime.announcements) lines.push(`  ${line}`);
  return lines.join("\n");
}
