/**
 * End-to-end: the AssemblyScript example of examples/outbound, as committed (its rules refuse
 * anything but HTTPS to api.github.com) and with its rules opened to reach local test servers.
 */

import assert from "node:assert/strict";
import { copy } from "../support/copy.ts";
import { startApp } from "../support/app.ts";
import { startEchoServer, startGraphQLServer } from "./support/servers.ts";

const EXAMPLE = new URL("../../examples/outbound/", import.meta.url).pathname;
// The example's auth header comes from env(GITHUB_TOKEN), which must be set (an unset one is a
// Directive problem); only api.github.com would ever get it.
if (Deno.env.get("GITHUB_TOKEN") === undefined) Deno.env.set("GITHUB_TOKEN", "not-a-real-token");

async function exampleCopy(change: (directive: string) => string = (d) => d): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-outbound-example-" });
  await copy(EXAMPLE, dir);
  const directive = await Deno.readTextFile(`${dir}/Directive.yaml`);
  await Deno.writeTextFile(`${dir}/Directive.yaml`, change(directive));
  return dir;
}

async function fetchVia(base: string, call: { url: string; query?: string }) {
  const response = await fetch(`${base}/fetch`, { method: "POST", body: JSON.stringify(call) });
  return { status: response.status, text: await response.text() };
}

Deno.test("examples/outbound - its rules refuse everything local", async () => {
  const echo = startEchoServer();
  const app = await startApp(await exampleCopy());
  const refused = (rule: string) =>
    JSON.stringify({ status: 502, message: `failed to requestIsAllowed: ${rule}` });
  try {
    const plain = await fetchVia(app.url, { url: `${echo.url}/echo` });
    assert.deepEqual(plain, {
      status: 502,
      text: refused("requests to insecure HTTP endpoints is disallowed"),
    });
    const local = await fetchVia(app.url, { url: `https://localhost:${echo.port}/echo` });
    assert.equal(local.text, refused("requests to private IP address ranges are disallowed"));
    const ip = await fetchVia(app.url, { url: "https://93.184.216.34/" });
    assert.equal(ip.text, refused("requests to IP addresses are disallowed"));
    assert.equal(echo.received.length, 0);
  } finally {
    await app.stop();
    await echo.close();
  }
});

Deno.test("examples/outbound - with open rules it fetches and queries", async () => {
  const echo = startEchoServer();
  const gql = startGraphQLServer();
  const open = (directive: string) =>
    directive.replace(/capabilities:[\s\S]*?\nhandlers:/, "handlers:");
  const app = await startApp(await exampleCopy(open));
  try {
    const got = await fetchVia(app.url, { url: `${echo.url}/echo::X-Hello:there` });
    assert.equal(got.status, 200);
    assert.equal(JSON.parse(got.text).headers["x-hello"], "there");
    const data = await fetchVia(app.url, { url: `${gql.url}/graphql`, query: "{ hello }" });
    assert.deepEqual(data, { status: 200, text: '{"data":{"hello":"hello world"}}' });
    const failed = await fetchVia(app.url, { url: `${echo.url}/status/418` });
    assert.deepEqual(JSON.parse(failed.text), {
      status: 502,
      message: "418: failed; you sent no auth",
    });
  } finally {
    await app.stop();
    await echo.close();
    await gql.close();
  }
});
