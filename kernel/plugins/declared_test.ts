import assert from "node:assert/strict";
import { stratosError } from "../../tests/support/errors.ts";
import { type RegisteredKind, requireDeclared } from "./declared.ts";
import type { LocatedManifest, PluginProvides } from "./manifest.ts";

function located(provides?: PluginProvides): LocatedManifest {
  return {
    manifest: { name: "acme", version: "1.0.0", kernel: "^1", entry: "./mod.ts", provides },
    url: new URL("file:///plugins/acme/plugin.json"),
    builtin: false,
    config: {},
  };
}

Deno.test("requireDeclared - names listed under their provides key pass", () => {
  const acme = located({ hostFunctions: ["acme_get"], services: ["acme.client"] });
  requireDeclared(acme, "hostFunctions", "acme_get");
  requireDeclared(acme, "services", "acme.client");
});

/**
 * `requireDeclared` refuses `name` of `kind` with `message`: without `provides`, with it empty,
 * and with `name` listed only under the other key.
 */
function assertRefused(kind: RegisteredKind, name: string, message: string): void {
  const other = kind === "services" ? "hostFunctions" : "services";
  for (const provides of [undefined, {}, { [kind]: ["acme_other"], [other]: [name] }]) {
    assert.throws(
      () => requireDeclared(located(provides), kind, name),
      stratosError("STRATOS_ERR_PLUGIN_UNDECLARED", message),
    );
  }
}

Deno.test("requireDeclared - a host function missing from provides.hostFunctions is refused", () => {
  assertRefused(
    "hostFunctions",
    "acme_get",
    "plugin 'acme' registers host function 'acme_get', which its manifest does not declare: " +
      'add "acme_get" to provides.hostFunctions in file:///plugins/acme/plugin.json',
  );
});

Deno.test("requireDeclared - a service missing from provides.services is refused", () => {
  assertRefused(
    "services",
    "acme.client",
    "plugin 'acme' provides service 'acme.client', which its manifest does not declare: " +
      'add "acme.client" to provides.services in file:///plugins/acme/plugin.json',
  );
});
