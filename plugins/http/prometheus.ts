/**
 * Prometheus's text exposition format (version 0.0.4): metric families with their `# HELP` and
 * `# TYPE` lines, label values escaped, histograms as cumulative `_bucket` series with `le`, then
 * `_sum` and `_count`.
 *
 * @module
 */

import { DURATION_BUCKETS, type HistogramData } from "../../plugin.ts";

/** The content type of the text format. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Label names to values. */
export type Labels = Readonly<Record<string, string>>;

/** One series of a counter or gauge. */
export interface Sample {
  /** Its labels. */
  labels: Labels;
  /** Its value. */
  value: number;
}

/** One series of a histogram. */
export interface HistogramSample {
  /** Its labels. */
  labels: Labels;
  /** What it counted (buckets of {@link DURATION_BUCKETS}). */
  data: HistogramData;
}

/** A metric family. */
export type Family =
  | { name: string; help: string; type: "counter" | "gauge"; samples: Sample[] }
  | { name: string; help: string; type: "histogram"; samples: HistogramSample[] };

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return "";
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;
}

function number(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/** The text of `families`; those without a series are left out. */
export function renderFamilies(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    if (family.type !== "histogram") {
      for (const s of family.samples) {
        lines.push(`${family.name}${labelText(s.labels)} ${number(s.value)}`);
      }
      continue;
    }
    for (const { labels, data } of family.samples) {
      let cumulative = 0;
      DURATION_BUCKETS.forEach((bound, i) => {
        cumulative += data.buckets[i];
        lines.push(
          `${family.name}_bucket${labelText(labels, ["le", String(bound)])} ${cumulative}`,
        );
      });
      lines.push(`${family.name}_bucket${labelText(labels, ["le", "+Inf"])} ${data.count}`);
      lines.push(`${family.name}_sum${labelText(labels)} ${number(data.sum)}`);
      lines.push(`${family.name}_count${labelText(labels)} ${data.count}`);
    }
  }
  return lines.join("\n") + "\n";
}
