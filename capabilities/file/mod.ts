/**
 * The static file capability: `get_static_file(name, nameSize)` returns a file of the app's
 * `static/` folder. Names are normalised as Atmo does; names that would leave
 * the folder are refused like missing files.
 *
 * @module
 */

import {
  type AppSource,
  defineHostFunction,
  definePlugin,
  type HostFunction,
} from "../../plugin.ts";

/** `get_static_file` over `app`'s static files; `capability is not enabled` when disabled. */
export function getStaticFile(app: AppSource, enabled: boolean): HostFunction {
  return defineHostFunction({
    name: "get_static_file",
    repeatable: true,
    params: 2,
    returns: true,
    ffi: true,
    call(call, ptr, size) {
      const name = call.memory.readString(ptr, size, "get_static_file");
      if (!enabled) return call.fail("capability is not enabled");
      const file = app.staticFile(name);
      return file === undefined ? call.fail("file does not exist") : call.ok(file);
    },
  });
}

export default definePlugin({
  name: "file",
  setup(ctx) {
    ctx.registerHostFunction(getStaticFile(ctx.app, ctx.capabilities.file.enabled));
  },
});
