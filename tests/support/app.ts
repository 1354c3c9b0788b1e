/**
 * Test support: runs a Stratos app in the test process on a free port and collects its logs.
 *
 * @module
 */

import { createLogger, createRuntime, type Runtime, type RuntimeOptions } from "../../mod.ts";

/** A started app. */
export interface TestApp {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The runtime. */
  runtime: Runtime;
  /** Log lines written so far, parsed. */
  logs: Record<string, unknown>[];
  /** Stops the runtime. */
  stop(): Promise<void>;
  /** Sends a request to `path` and returns status, headers and body text. */
  request(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; headers: Headers; text: string }>;
}

/** Starts the app at `path` (folder or bundle) on a free loopback port. */
export async function startApp(
  path: string,
  options: Partial<RuntimeOptions> = {},
): Promise<TestApp> {
  const logs: Record<string, unknown>[] = [];
  const runtime = await createRuntime({
    path,
    port: 0,
    hostname: "127.0.0.1",
    ...options,
    log: createLogger({ level: "debug", sink: (line) => logs.push(JSON.parse(line)) }),
  });
  await runtime.start();
  const address = runtime.service<{ url: string }>("http.address");
  if (!address) throw new Error("the http plugin did not publish its address");
  return {
    url: address.url,
    runtime,
    logs,
    stop: () => runtime.stop(),
    async request(target, init) {
      const response = await fetch(address.url + target, init);
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
  };
}
