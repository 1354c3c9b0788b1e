/**
 * The catalog of Stratos's error codes: every `STRATOS_ERR_*` code the kernel, the built-in
 * plugins and the capabilities raise, each with what it means and what to do about it.
 *
 * `StratosError` accepts only these codes (or a third-party plugin's own code, made with
 * `pluginErrorCode`), so a code missing from here fails `deno task check`; `docs/errors.md`
 * is generated from this catalog (`deno run -A scripts/codegen/error_docs.ts`), and a test fails when a
 * source uses a code this catalog lacks or the catalog keeps a code nothing uses.
 *
 * This module is a leaf: it imports nothing.
 *
 * @module
 */

/** What one error code means and what to do about it. */
export interface ErrorCodeInfo {
  /** What went wrong, in one sentence. */
  readonly meaning: string;
  /** What the user should do about it. */
  readonly action: string;
}

/** Every `STRATOS_ERR_*` code, in alphabetical order. */
export const ERROR_CODES = {
  STRATOS_ERR_APP_ESCAPE: {
    meaning: "A file or symlink of the app folder resolves to a place outside the folder.",
    action: "Copy the file into the app folder, or point the symlink at a file inside it.",
  },
  STRATOS_ERR_APP_NOT_FOUND: {
    meaning: "The app path does not exist, or the folder has no `Directive.yaml`.",
    action: "Pass a project folder holding `Directive.yaml`, or a `.wasm.zip` bundle.",
  },
  STRATOS_ERR_BUNDLE_INVALID: {
    meaning:
      "The bundle is not a readable `.wasm.zip`: wrong extension, corrupt or crafted zip data, " +
      "an entry named twice, or no `Directive.yaml`.",
    action: "Rebuild the bundle with your build tool and check the entry the message names.",
  },
  STRATOS_ERR_BUNDLE_LIMIT: {
    meaning:
      "The bundle has more entries, or larger inflated entries, than the bundle limits allow.",
    action: "Shrink the bundle, or raise the limit the message names (`--bundle-max-entries`, " +
      "`--bundle-max-entry-mib`, `--bundle-max-total-mib`).",
  },
  STRATOS_ERR_CACHE_BLOCKS: {
    meaning:
      "The in-memory cache found no free block for a value although its limits allow it: its " +
      "shared memory is inconsistent (a bug).",
    action: "Report it with the cache limits in use; restart the process to start afresh.",
  },
  STRATOS_ERR_CACHE_BUFFER: {
    meaning:
      "A replica isolate was handed something other than the in-memory cache's shared buffer " +
      "(a bug in the isolate link).",
    action: "Report it; run with `--workers 1` meanwhile.",
  },
  STRATOS_ERR_CACHE_CONFIG: {
    meaning:
      "An in-memory cache limit (`STRATOS_CACHE_MAX_ENTRIES`, `STRATOS_CACHE_MAX_BYTES`, or the " +
      "cache plugin's `maxEntries`/`maxBytes`) is not a valid number, or the buffer for it " +
      "cannot be reserved.",
    action: "Set the limit the message names to a positive integer within its range.",
  },
  STRATOS_ERR_CACHE_LOCK: {
    meaning:
      "The in-memory cache's lock stayed held for seconds: an isolate stopped in the middle of " +
      "a cache call.",
    action: "Restart the process; report it if it happens without an isolate being killed.",
  },
  STRATOS_ERR_DB_CONFIG: {
    meaning:
      "`connections.database` or a setting of the `sql` plugin is empty, malformed or out of range.",
    action:
      "Fix the connection string or the setting the message names (what it expects is shown).",
  },
  STRATOS_ERR_DB_QUERY_INVALID: {
    meaning: "A query of the Directive (or `Queries.yaml`) failed to prepare on the database at " +
      "start-up: a typo, a missing table or column, a placeholder of the other database's kind.",
    action: "Fix the query the message names (the database's own message follows its name), or " +
      "create what it needs first.",
  },
  STRATOS_ERR_DENO_INTERNAL: {
    meaning:
      "The Deno running Stratos lacks an internal API Stratos relies on (its per-connection HTTP " +
      "server): it is not the Deno version Stratos pins.",
    action: "Run Stratos with the Deno version in `.deno-version` (the launcher and the README's " +
      "commands do).",
  },
  STRATOS_ERR_DIRECTIVE_INVALID: {
    meaning: "The Directive has problems; each is listed with its `file:line:col`.",
    action: "Fix every listed problem, then run `stratos check` to validate without serving.",
  },
  STRATOS_ERR_GUEST_MEMORY: {
    meaning: "A Runnable passed a host function a pointer and size outside its own memory.",
    action: "Fix the Runnable (or its SDK) so it passes ranges inside its memory.",
  },
  STRATOS_ERR_HOST_FUNCTION_CONFLICT: {
    meaning: "Two plugins register a host function of the same name.",
    action: "Load only one of the two plugins, or rename the function in one of them.",
  },
  STRATOS_ERR_HOST_FUNCTION_INVALID: {
    meaning: "A plugin registers a host function whose name ends in the suffix reserved for Swift.",
    action: "Rename the host function; Stratos adds the Swift variant itself.",
  },
  STRATOS_ERR_KAFKA_CONFIG: {
    meaning: "`connections.kafka` or a setting of the `kafka` plugin is malformed or out of range.",
    action: "Fix the broker address or the setting the message names.",
  },
  STRATOS_ERR_KAFKA_CONNECT: {
    meaning: "No Kafka broker could be reached at start-up after every attempt.",
    action: "Check that Kafka runs at `connections.kafka.brokerAddress`, or raise " +
      "`STRATOS_KAFKA_CONNECT_RETRIES` (the plugin's `connectRetries`).",
  },
  STRATOS_ERR_LINK_TOPIC: {
    meaning:
      "With several isolates, a plugin serves a link topic twice, or asks for one no plugin serves.",
    action: "A bug in the plugin named by the topic: report it to its author.",
  },
  STRATOS_ERR_MEMORY_BUDGET: {
    meaning:
      "The memory budget of all Runnable instances is spent, so no new instance is created (503).",
    action: "Retry later, or raise `--memory-budget` (`STRATOS_MEMORY_BUDGET_MIB`).",
  },
  STRATOS_ERR_MODULE_INVALID: {
    meaning:
      "A Wasm module cannot be compiled or instantiated, e.g. it imports a function no loaded " +
      "plugin provides.",
    action: "Rebuild the module, or load the plugin that provides the import the message names " +
      "(`--plugin` or the Directive's `plugins:`).",
  },
  STRATOS_ERR_MODULE_MISSING: {
    meaning: "A Runnable of the Directive has no `.wasm` module in the app.",
    action: "Build the Runnable, or add its module to the bundle under the name the message shows.",
  },
  STRATOS_ERR_MODULE_NOT_BUILT: {
    meaning: "A Runnable folder of the project has its spec but no built module.",
    action: "Build it first: `stratos build` in the app folder (or `deno task build PATH`).",
  },
  STRATOS_ERR_MODULE_UNMATCHED: {
    meaning: "The app holds a `.wasm` module that no Runnable of the Directive names.",
    action: "Add the Runnable to the Directive, or remove the module.",
  },
  STRATOS_ERR_NATS_CONFIG: {
    meaning:
      "`connections.nats` or a setting of the `nats` plugin (queue group, retries) is malformed.",
    action: "Fix the server address or the setting the message names.",
  },
  STRATOS_ERR_NATS_CONNECT: {
    meaning: "The NATS server could not be reached at start-up after every attempt.",
    action: "Check that NATS runs at `connections.nats.serverAddress`, or raise " +
      "`STRATOS_NATS_CONNECT_ATTEMPTS` (the plugin's `connectAttempts`).",
  },
  STRATOS_ERR_NATS_JETSTREAM: {
    meaning:
      "The JetStream stream or durable consumer of a NATS handler with `delivery.durable` could " +
      "not be set up at start-up (JetStream off, a consumer of that name reading another subject, " +
      "a stream name taken).",
    action: "Enable JetStream on the server (`nats-server -js`), or fix the `durable` name or " +
      "the stream the message names.",
  },
  STRATOS_ERR_OVERLOADED: {
    meaning:
      "Too many invocations of one module wait for an instance, so this one is refused (503).",
    action: "Retry later, or raise `--max-queue` (`STRATOS_MAX_QUEUE`) or `--max-instances`.",
  },
  STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE: {
    meaning: "Plugins depend on each other in a loop, so none can be set up first.",
    action: "Remove one of the `dependencies` the message lists.",
  },
  STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING: {
    meaning: "A plugin depends on a plugin that is not available.",
    action: "Load the missing plugin with `--plugin` or the Directive's `plugins:` list.",
  },
  STRATOS_ERR_PLUGIN_DUPLICATE: {
    meaning: "Two plugins have the same name.",
    action: "Load only one of them, or rename one in its `plugin.json` and its entry module.",
  },
  STRATOS_ERR_PLUGIN_ERROR_CODE_INVALID: {
    meaning:
      "A third-party plugin names an error code that is not `<PREFIX>_ERR_<NAME>` in upper case, " +
      "or that uses Stratos's own `STRATOS_` prefix.",
    action: "A bug in the plugin: its author should pick a code such as `ACME_ERR_NOT_READY`.",
  },
  STRATOS_ERR_PLUGIN_INVALID: {
    meaning:
      "A plugin's entry cannot be imported, has no default export, or exports a plugin named " +
      "differently from its manifest.",
    action: "Fix the entry module the message names (`export default definePlugin({...})`).",
  },
  STRATOS_ERR_PLUGIN_KERNEL_MISMATCH: {
    meaning: "A plugin's `kernel` range does not include this kernel's version.",
    action: "Use a version of the plugin made for this kernel, or of Stratos the plugin supports.",
  },
  STRATOS_ERR_PLUGIN_MANIFEST_INVALID: {
    meaning: "A `plugin.json` is not valid JSON, or a field is missing, mistyped or unknown.",
    action: "Fix the field the message names (see docs/plugins.md for the manifest's fields).",
  },
  STRATOS_ERR_PLUGIN_NOT_FOUND: {
    meaning: "There is no `plugin.json` at the plugin path or URL, or it cannot be fetched.",
    action: "Check the path or URL given with `--plugin` or in the Directive's `plugins:`.",
  },
  STRATOS_ERR_PLUGIN_SETUP: {
    meaning: "A plugin's `setup` threw, e.g. it could not open a connection.",
    action: "Read the cause in the message; fix the configuration it names or report the plugin.",
  },
  STRATOS_ERR_PLUGIN_START: {
    meaning: "A plugin's `start` threw, e.g. it could not listen or subscribe.",
    action: "Read the cause in the message; fix the configuration it names or report the plugin.",
  },
  STRATOS_ERR_PLUGIN_UNDECLARED: {
    meaning:
      "A plugin registers a host function or offers a service that its manifest's `provides` " +
      "does not declare.",
    action: "Add the name to the `provides` key the message names in that plugin's `plugin.json` " +
      "(or report it to the plugin's author).",
  },
  STRATOS_ERR_REDIS_CONFIG: {
    meaning:
      "`connections.redis` or a setting of the `redis` plugin is empty, malformed or out of range.",
    action: "Fix the server address or the setting the message names.",
  },
  STRATOS_ERR_REDIS_CONNECT: {
    meaning: "The Redis server could not be reached at start-up after every attempt.",
    action: "Check that Redis runs at `connections.redis.serverAddress`, or raise " +
      "`STRATOS_REDIS_CONNECT_ATTEMPTS` (the plugin's `connectAttempts`).",
  },
  STRATOS_ERR_ROUTE_CONFLICT: {
    meaning:
      "Two routes of one router conflict (the same path, or a parameter clashing with a fixed " +
      "segment); in a Directive this is one of its problems.",
    action: "Change one of the two `resource` paths the message names.",
  },
  STRATOS_ERR_RUNNABLE_SPEC_INVALID: {
    meaning: "A Runnable folder's `.runnable.yaml` is not valid YAML.",
    action: "Fix the file the message names.",
  },
  STRATOS_ERR_RELOAD_REFUSED: {
    meaning:
      "A reload was refused because the new version of the app changes something that cannot " +
      "change while Stratos runs (how its HTTP connections are served); the old version keeps " +
      "serving.",
    action: "Restart Stratos to run the new version.",
  },
  STRATOS_ERR_RUNTIME_STATE: {
    meaning:
      "The runtime was used out of order: started twice or after stopping, or a plugin registered " +
      "a host function after its `setup`.",
    action: "Register host functions during `setup`; start a runtime once, after creating it.",
  },
  STRATOS_ERR_SCHEDULE_CONFIG: {
    meaning: "A setting of the `schedule` plugin (the longest lease of the schedules of a " +
      "fleet) is not a whole number in range.",
    action: "Fix `STRATOS_SCHEDULE_LEASE_MS` (the plugin's `leaseMs`) as the message says.",
  },
  STRATOS_ERR_SOURCE_UNAVAILABLE: {
    meaning: "The app has handlers of a source (e.g. `nats`) that no available plugin provides.",
    action:
      "Load the plugin that serves it, or list the source in that plugin's `provides.sources`.",
  },
  STRATOS_ERR_TIMEOUT: {
    meaning: "A Runnable ran past its handler's time limit and was stopped (504).",
    action: "Make the Runnable faster, or raise the handler's `timeout` or `--timeout`.",
  },
  STRATOS_ERR_USAGE: {
    meaning: "The command line is wrong: an unknown command or option, or a bad option value.",
    action: "Read the usage text printed with the message (`stratos --help`).",
  },
} as const satisfies Record<`STRATOS_ERR_${string}`, ErrorCodeInfo>;

/** A code of the catalog: the only codes built-in code may raise. */
export type ErrorCode = keyof typeof ERROR_CODES;
