/**
 * End-to-end: the third-party plugin of examples/plugin-hello, loaded by path from the
 * Directive, by path from outside the repository (--plugin), and by URL; plus the kernel's coded
 * errors for plugins that cannot be used, or that register what their manifest does not declare.
 */

import assert from "node:assert/strict";
import { copy } from "../support/copy.ts";
import { createRuntime, StratosError } from "../../mod.ts";
import { freePort } from "../../bench/process.ts";
import { startApp } from "../support/app.ts";
import { finished, readUntil, stratos } from "../support/cli.ts";

const EXAMPLE = new URL("../../examples/plugin-hello/", import.meta.url).pathname;
const DIRECTIVE_WITHOUT_PLUGINS = `identifier: com.stratos.greeter
appVersion: v0.1.0
atmoVersion: v0.4.7
handlers:
  - type: request
    resource: /greet
    method: POST
    steps:
      - fn: greet
`;

/** A copy of the example app in a temp dir, its Directive replaced by `directive`. */
async function appCopy(directive = DIRECTIVE_WITHOUT_PLUGINS): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-app-" });
  await copy(`${EXAMPLE}app/greet`, `${dir}/greet`);
  await Deno.writeTextFile(`${dir}/Directive.yaml`, directive);
  return dir;
}

/** A copy of the plugin folder outside the repository, with its manifest optionally changed. */
async function pluginCopy(
  change: (manifest: Record<string, unknown>) => void = () => {},
): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stratos-plugin-" });
  await copy(`${EXAMPLE}plugin`, dir);
  const manifest = JSON.parse(await Deno.readTextFile(`${dir}/plugin.json`));
  change(manifest);
  await Deno.writeTextFile(`${dir}/plugin.json`, JSON.stringify(manifest));
  return dir;
}

async function greet(path: string, plugins: string[] = []): Promise<[number, string]> {
  const app = await startApp(path, { plugins });
  try {
    const ok = await app.request("/greet", { method: "POST", body: "Ada" });
    const empty = await app.request("/greet", { method: "POST", body: "" });
    assert.equal(empty.status, 400);
    assert.deepEqual(JSON.parse(empty.text), { status: 400, message: "name is empty" });
    return [ok.status, ok.text];
  } finally {
    await app.stop();
  }
}

async function startError(path: string, plugins: string[] = []): Promise<StratosError> {
  try {
    const runtime = await createRuntime({ path, plugins, port: 0, logLevel: "off" });
    await runtime.stop();
  } catch (error) {
    assert.ok(error instanceof StratosError, `expected a StratosError, got ${error}`);
    return error;
  }
  throw new Error("expected the runtime to refuse the app");
}

Deno.test("plugin-hello - the example app loads its plugin from the Directive, with config", async () => {
  assert.deepEqual(await greet(`${EXAMPLE}app`), [200, "Hello, Ada!"]);
});

Deno.test("plugin-hello - a plugin copied outside the repository loads with --plugin", async () => {
  const plugin = await pluginCopy();
  assert.ok(!plugin.startsWith(new URL("../../", import.meta.url).pathname));
  assert.deepEqual(await greet(await appCopy(), [plugin]), [200, "Hello, Ada!"]);
});

Deno.test("plugin-hello - a plugin loads by URL, with config from the Directive", async () => {
  const plugin = await pluginCopy();
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    try {
      return new Response(await Deno.readFile(plugin + new URL(req.url).pathname), {
        headers: {
          "content-type": req.url.endsWith(".json") ? "application/json" : "application/typescript",
        },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  // In a child process, as `deno task start` would run it: a remote import must not be
  // recorded in the repository's lockfile.
  const port = freePort();
  const app = await appCopy(
    DIRECTIVE_WITHOUT_PLUGINS +
      `plugins:\n  - path: http://127.0.0.1:${server.addr.port}/\n    config:\n      greeting: Howdy\n`,
  );
  const child = stratos(["start", app, "--port", String(port), "--hostname", "127.0.0.1"]);
  try {
    const { rest } = await readUntil(child, /listening on/);
    await rest.cancel();
    const res = await fetch(`http://127.0.0.1:${port}/greet`, { method: "POST", body: "Ada" });
    assert.equal(await res.text(), "Howdy, Ada!");
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await child.stderr.cancel();
    await server.shutdown();
  }
});

Deno.test("plugin-hello - unusable plugins fail start-up with coded errors", async () => {
  const app = await appCopy();
  const missing = await startError(app, ["/nonexistent/plugin"]);
  assert.equal(missing.code, "STRATOS_ERR_PLUGIN_NOT_FOUND");

  const future = await pluginCopy((m) => (m.kernel = "^2"));
  const mismatch = await startError(app, [future]);
  assert.equal(mismatch.code, "STRATOS_ERR_PLUGIN_KERNEL_MISMATCH");
  assert.match(mismatch.message, /requires kernel \^2, but this is kernel 1\./);

  const needy = await pluginCopy((m) => (m.dependencies = ["nats-bridge"]));
  const dependency = await startError(app, [needy]);
  assert.equal(dependency.code, "STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING");
  assert.match(dependency.message, /depends on plugin 'nats-bridge'/);

  const unprovided = await startError(app);
  assert.equal(unprovided.code, "STRATOS_ERR_MODULE_INVALID");
  assert.match(unprovided.message, /module 'greet': imports function 'env.greet_name'/);
});

Deno.test("plugin-hello - a plugin registering a host function its manifest lacks stops start-up", async () => {
  const plugin = await pluginCopy((m) => (m.provides = { hostFunctions: ["greet_nickname"] }));
  const manifest = new URL(`file://${plugin}/plugin.json`).href;
  const started = performance.now();
  const out = await finished(stratos(["start", await appCopy(), "--plugin", plugin]));
  assert.ok(performance.now() - started < 60_000, "refused within a minute");
  assert.equal(out.code, 1);
  assert.equal(
    out.stderr,
    "error[STRATOS_ERR_PLUGIN_UNDECLARED]: plugin 'hello-greeter' registers host function " +
      `'greet_name', which its manifest does not declare: add "greet_name" to ` +
      `provides.hostFunctions in ${manifest}\n`,
  );
  assert.doesNotMatch(out.stdout, /listening on/);
});
