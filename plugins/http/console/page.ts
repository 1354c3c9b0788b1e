/**
 * The console's page: HTML, CSS and script in one document, with nothing loaded from elsewhere
 * and nothing to build. The script polls `api/app` every few seconds and `api/requests` every
 * second, and shows each request with its spans as a waterfall (offset and duration bars), their
 * attributes and errors, and its log lines. Text from the app is always set as text, never as
 * markup.
 *
 * @module
 */

const STYLE = `
:root { color-scheme: light dark; --fg: #1d2433; --muted: #6b7385; --line: #d9dde6;
  --bg: #f7f8fb; --card: #fff; --ok: #1f8a4c; --warn: #b7791f; --err: #c53030; --bar: #4f6bed; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9f0; --muted: #98a1b3; --line: #333a48;
  --bg: #151922; --card: #1d2230; --bar: #7d93ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 1rem; align-items: baseline; padding: .8rem 1.2rem;
  border-bottom: 1px solid var(--line); background: var(--card); }
header h1 { font-size: 1.1rem; margin: 0; }
header .live { margin-left: auto; color: var(--muted); }
header .live.on::before { content: "●"; color: var(--ok); margin-right: .3rem; }
header .live.off::before { content: "●"; color: var(--err); margin-right: .3rem; }
main { display: grid; grid-template-columns: minmax(260px, 1fr) 3fr; gap: 1rem; padding: 1rem; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 6px;
  padding: .6rem .8rem; margin-bottom: 1rem; }
h2 { font-size: .95rem; margin: .2rem 0 .5rem; }
ul { list-style: none; padding: 0; margin: 0; }
li { padding: .15rem 0; }
code, .mono { font-family: ui-monospace, monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: 12px;
  border: 1px solid var(--line); }
.s2 { color: var(--ok); } .s4 { color: var(--warn); } .s5 { color: var(--err); }
.up { color: var(--ok); } .down, .closed { color: var(--err); } .connecting { color: var(--warn); }
.toolbar { display: flex; gap: .6rem; align-items: center; margin-bottom: .5rem; }
.toolbar input { flex: 1; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 4px;
  background: var(--bg); color: var(--fg); }
details.request { border-top: 1px solid var(--line); }
details.request[open] { padding: 0 0 .6rem .6rem; border-left: 3px solid var(--bar); }
details.request summary .badge { justify-self: start; }
details.request summary { display: grid; grid-template-columns: 6.5rem 5rem 1fr 3.5rem 5.5rem;
  gap: .5rem; padding: .35rem 0; cursor: pointer; align-items: baseline; }
.spans { margin: .3rem 0 .6rem; }
.span { display: grid; grid-template-columns: minmax(180px, 2fr) 3fr 5rem; gap: .5rem;
  align-items: center; padding: .1rem 0; }
.span .name { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.span .track { position: relative; height: 10px; background: var(--bg); border-radius: 2px; }
.span .bar { position: absolute; top: 0; height: 10px; min-width: 2px; border-radius: 2px;
  background: var(--bar); }
.span.failed .bar { background: var(--err); }
.span .attrs { grid-column: 1 / -1; color: var(--muted); padding-left: 1rem; }
.span .error { grid-column: 1 / -1; color: var(--err); padding-left: 1rem; }
.logs { margin: .2rem 0 .6rem; padding: .4rem; background: var(--bg); border-radius: 4px; }
.logs li { white-space: pre-wrap; word-break: break-word; }
.level-error { color: var(--err); } .level-warn { color: var(--warn); }
.empty { color: var(--muted); padding: .5rem 0; }
`;

const SCRIPT = `
"use strict";
const MAX_REQUESTS = 200;
const seen = new Set();
let since = 0;
let paused = false;

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
  }
  return node;
}

function ms(value) {
  if (value < 0) return "running";
  return value < 1 ? value.toFixed(3) + " ms" : value < 100 ? value.toFixed(2) + " ms"
    : Math.round(value) + " ms";
}

function statusClass(status) {
  return "s" + String(status).charAt(0);
}

function stepText(step) {
  return step.group ? "[" + step.group.map((m) => m.fn).join(", ") + "]" : step.fn;
}

function renderApp(app) {
  document.getElementById("app-name").textContent = app.identifier + " " + app.appVersion +
    (app.headless ? " (headless)" : "");
  const handlers = document.getElementById("handlers");
  handlers.replaceChildren(...app.handlers.map((h) => el("li", { "data-handler": h.resource },
    el("span", { class: "badge" }, h.method || h.source), " ", el("code", {}, h.resource),
    el("div", { class: "muted mono" }, h.steps.map(stepText).join(" → ")))));
  if (app.handlers.length === 0) handlers.append(el("li", { class: "empty" }, "none"));
  const runnables = document.getElementById("runnables");
  runnables.replaceChildren(...app.runnables.map((r) =>
    el("li", { "data-runnable": r.name }, el("code", {}, r.name),
      el("div", { class: "muted mono" }, r.fqfn))));
  const schedules = document.getElementById("schedules");
  schedules.replaceChildren(...app.schedules.map((s) => el("li", {}, el("code", {}, s.name),
    " ", el("span", { class: "muted" }, "every " + Object.entries(s.every)
      .map(([unit, n]) => n + " " + unit).join(" ")))));
  if (app.schedules.length === 0) schedules.append(el("li", { class: "empty" }, "none"));
  const checks = document.getElementById("connections");
  const entries = Object.entries(app.checks);
  checks.replaceChildren(...entries.map(([name, check]) => {
    const state = check.state || (check.healthy ? "up" : "down");
    return el("li", { "data-connection": name, "data-state": state },
      el("code", {}, name), " ", el("span", { class: state }, state),
      check.since ? el("span", { class: "muted" }, " since " +
        new Date(check.since).toLocaleTimeString()) : null,
      check.lastError ? el("div", { class: "muted" }, check.lastError) : null);
  }));
  if (entries.length === 0) checks.append(el("li", { class: "empty" }, "none"));
}

function attributesText(attributes) {
  return Object.entries(attributes).filter(([key]) => key !== "stratos.request_id")
    .map(([key, value]) => key + "=" + value).join("  ");
}

function renderSpans(trace) {
  const total = Math.max(trace.root.durationMs, 0.001);
  const rows = [];
  const walk = (span, depth) => {
    const left = Math.min(100, span.offsetMs / total * 100);
    const width = span.durationMs < 0 ? 100 - left : Math.max(0.3, span.durationMs / total * 100);
    const row = el("div", { class: "span" + (span.error ? " failed" : ""),
        "data-span-name": span.name, "data-depth": String(depth) },
      el("div", { class: "name mono", title: span.name,
        style: "padding-left:" + depth * 1.1 + "rem" }, span.name),
      el("div", { class: "track" }, el("div", { class: "bar",
        style: "left:" + left + "%;width:" + Math.min(width, 100 - left) + "%" })),
      el("div", { class: "mono" }, ms(span.durationMs)),
      el("div", { class: "attrs mono" }, attributesText(span.attributes)),
      span.error ? el("div", { class: "error mono" }, span.error) : null);
    rows.push(row);
    for (const child of span.children) walk(child, depth + 1);
  };
  walk(trace.root, 0);
  if (trace.droppedSpans > 0) {
    rows.push(el("div", { class: "muted" }, trace.droppedSpans + " more spans not recorded"));
  }
  return el("div", { class: "spans" }, ...rows);
}

function renderLogs(trace) {
  if (trace.logs.length === 0) return el("div", { class: "muted" }, "no log lines");
  const lines = trace.logs.map((line) => {
    const fields = Object.entries(line.fields)
      .filter(([key]) => !["request_id", "trace_id", "ident"].includes(key))
      .map(([key, value]) => key + "=" + (typeof value === "string" ? value : JSON.stringify(value)))
      .join(" ");
    return el("li", { class: "mono level-" + line.level },
      new Date(line.time).toLocaleTimeString() + " " + line.level + " " + line.msg +
      (fields ? "  " + fields : ""));
  });
  if (trace.droppedLogs > 0) lines.push(el("li", { class: "muted" }, trace.droppedLogs + " more"));
  return el("ul", { class: "logs" }, ...lines);
}

function renderTrace(trace) {
  const details = el("details", { class: "request", "data-request-id": trace.requestId,
    "data-trace-id": trace.traceId, "data-name": trace.name, "data-kind": trace.kind,
    "data-status": String(trace.status) },
    el("summary", {},
      el("span", { class: "mono muted" }, new Date(trace.startedAt).toLocaleTimeString()),
      el("span", { class: "badge" }, trace.kind),
      el("span", { class: "mono" }, trace.name),
      el("span", { class: "mono " + statusClass(trace.status) }, trace.status),
      el("span", { class: "mono" }, ms(trace.root.durationMs))),
    el("div", { class: "muted mono" }, "request " + trace.requestId + "  trace " + trace.traceId),
    trace.root.error ? el("div", { class: "s5 mono" }, trace.root.error) : null,
    renderSpans(trace),
    el("h2", {}, "Logs"),
    renderLogs(trace));
  return details;
}

function applyFilter() {
  const text = document.getElementById("filter").value.trim().toLowerCase();
  for (const node of document.querySelectorAll("details.request")) {
    const haystack = (node.dataset.name + " " + node.dataset.status + " " + node.dataset.kind +
      " " + node.dataset.requestId).toLowerCase();
    node.hidden = text !== "" && !haystack.includes(text);
  }
}

function addTraces(traces) {
  const list = document.getElementById("requests");
  for (const trace of traces) {
    const ended = trace.startedAt + Math.max(trace.root.durationMs, 0);
    since = Math.max(since, ended);
    const key = trace.traceId + "/" + trace.root.spanId;
    if (seen.has(key)) continue;
    seen.add(key);
    list.prepend(renderTrace(trace));
  }
  while (list.children.length > MAX_REQUESTS) list.lastElementChild.remove();
  document.getElementById("no-requests").hidden = list.children.length > 0;
  applyFilter();
}

function live(ok) {
  const node = document.getElementById("live");
  node.className = "live " + (ok ? "on" : "off");
  node.textContent = paused ? "paused" : ok ? "live" : "cannot reach the server";
}

async function poll(url, render) {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(url + ": " + response.status);
  render(await response.json());
}

function every(intervalMs, task) {
  const run = async () => {
    if (!paused) {
      try {
        await task();
        live(true);
      } catch {
        live(false);
      }
    }
    setTimeout(run, intervalMs);
  };
  run();
}

document.getElementById("filter").addEventListener("input", applyFilter);
document.getElementById("pause").addEventListener("click", (event) => {
  paused = !paused;
  event.target.textContent = paused ? "Resume" : "Pause";
  live(true);
});
every(3000, () => poll("api/app", renderApp));
every(1000, () => poll("api/requests?since=" + Math.max(0, since - 2000), addTraces));
`;

/** The console's page. */
export const CONSOLE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stratos console</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>Stratos console</h1>
  <span id="app-name" class="mono muted"></span>
  <span id="live" class="live">connecting…</span>
</header>
<main>
  <div>
    <section><h2>Handlers</h2><ul id="handlers"></ul></section>
    <section><h2>Runnables</h2><ul id="runnables"></ul></section>
    <section><h2>Schedules</h2><ul id="schedules"></ul></section>
    <section><h2>Connections</h2><ul id="connections"></ul></section>
  </div>
  <section>
    <h2>Last requests</h2>
    <div class="toolbar">
      <input id="filter" type="search" placeholder="filter: route, status, kind, request id">
      <button id="pause" type="button">Pause</button>
    </div>
    <div id="no-requests" class="empty">No request yet: send one to the app.</div>
    <div id="requests"></div>
  </section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
