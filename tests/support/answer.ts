/**
 * Test support: what an HTTP request to a running app got back, in a shape meant for exact
 * comparisons (between apps, or with an expected answer).
 *
 * @module
 */

import type { TestApp } from "./app.ts";

/** Status, headers and body of one response. */
export interface Answer {
  /** HTTP status. */
  status: number;
  /**
   * Every response header (lower-case names) except those that change between requests: `date`
   * and `x-request-id`.
   */
  headers: Record<string, string>;
  /** Body text. */
  body: string;
}

/** Response headers whose value is new for every request. */
const PER_REQUEST = new Set(["date", "x-request-id"]);

/** Sends a request to `path` of `app` and returns its {@link Answer}. */
export async function answerOf(app: TestApp, path: string, init?: RequestInit): Promise<Answer> {
  const response = await app.request(path, init);
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    if (!PER_REQUEST.has(name)) headers[name] = value;
  }
  return { status: response.status, headers, body: response.text };
}
