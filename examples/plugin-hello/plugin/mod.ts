/**
 * An example third-party plugin. It adds one host function Runnables can import from `env`:
 *
 *   greet_name(namePtr: i32, nameSize: i32, ident: i32) -> i32
 *
 * It reads a name from guest memory and produces the FFI result `<greeting>, <name>!`, where the
 * greeting comes from the plugin's config (`plugins: [{path: ..., config: {greeting: "Hi"}}]`),
 * default "Hello". An empty name is an error (negative size, message "name is empty").
 *
 * The plugin imports nothing from Stratos at run time: everything comes through the context, so
 * the folder works wherever it is copied. The `import type` below is only for type checking.
 *
 * @module
 */

import type { HostFunction, Plugin, PluginContext } from "../../../plugin.ts";

/** Builds `greet_name` for a greeting. */
export function greetName(greeting: string): HostFunction {
  return {
    name: "greet_name",
    params: 2, // namePtr, nameSize (the trailing ident is handled by Stratos)
    returns: true,
    ffi: true, // the guest fetches the result with get_ffi_result
    call(call, namePtr, nameSize) {
      const name = call.memory.readString(namePtr, nameSize, "greet_name");
      if (name === "") return call.fail("name is empty");
      call.log.debug("greeting", { name });
      return call.ok(`${greeting}, ${name}!`);
    },
  };
}

const plugin: Plugin = {
  name: "hello-greeter",
  setup(ctx: PluginContext) {
    const greeting = typeof ctx.config.greeting === "string" ? ctx.config.greeting : "Hello";
    ctx.registerHostFunction(greetName(greeting));
    ctx.addHealthCheck(
      "hello-greeter",
      () => ({ healthy: true, detail: `greeting "${greeting}"` }),
    );
    return {
      start: () => ctx.log.info("hello-greeter ready", { greeting }),
      stop: () => ctx.log.info("hello-greeter stopped"),
    };
  },
};

export default plugin;
