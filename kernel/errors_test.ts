import assert from "node:assert/strict";
import { stratosError } from "../tests/support/errors.ts";
import { pluginErrorCode, StratosError } from "./errors.ts";

Deno.test("pluginErrorCode - a plugin's own upper-case <PREFIX>_ERR_<NAME> code is accepted", () => {
  const code = pluginErrorCode("ACME_ERR_NOT_READY");
  assert.equal(code, "ACME_ERR_NOT_READY");
  assert.equal(new StratosError(code, "acme did not answer").code, "ACME_ERR_NOT_READY");
  assert.equal(pluginErrorCode("ACME_2_ERR_V2_CONFIG"), "ACME_2_ERR_V2_CONFIG");
});

Deno.test("pluginErrorCode - codes of the wrong shape or with Stratos's prefix are refused", () => {
  // Plain JavaScript plugins are not type-checked: the same rules hold at run time.
  const unchecked = pluginErrorCode as (code: string) => unknown;
  for (const code of ["STRATOS_ERR_USAGE", "STRATOS_ACME_ERR_X", "acme_err_x", "ACME_NOT_READY"]) {
    assert.throws(
      () => unchecked(code),
      stratosError(
        "STRATOS_ERR_PLUGIN_ERROR_CODE_INVALID",
        new RegExp(`^plugin error code '${code}' must be <PREFIX>_ERR_<NAME> in upper case`),
      ),
    );
  }
  for (const code of ["ACME_ERR_", "_ERR_X", "ACME__ERR_X", "ACME_ERR_X-Y", ""]) {
    assert.throws(() => unchecked(code), stratosError("STRATOS_ERR_PLUGIN_ERROR_CODE_INVALID"));
  }
});
