/**
 * The Directive schema of Atmo v0.4.7, as TypeScript types, plus the few keys
 * Stratos adds (`plugins`, a handler's `timeout` and `delivery`). Keys are spelled exactly as in
 * YAML, except where a value is converted (`delivery.backoff` becomes `backoffMs`).
 *
 * @module
 */

/** A parsed, validated Directive with defaults applied and `env(NAME)` resolved. */
export interface Directive {
  /** Reverse-DNS application id, e.g. `com.suborbital.test`. */
  identifier: string;
  /** Application version with a leading `v`, e.g. `v0.1.0`; part of every FQFN. */
  appVersion: string;
  /** Atmo version the app was written for (tooling only). */
  atmoVersion: string;
  /** Tooling-only flag (Subo); the server's headless mode comes from the CLI. */
  headless?: boolean;
  /** Connections to external services. */
  connections?: Connections;
  /** Per-domain auth headers for outbound HTTP/GraphQL. */
  authentication?: { domains?: Record<string, AuthHeader> };
  /** Capability configuration, each present key replacing its default. */
  capabilities?: Partial<CapabilityConfig>;
  /** Request and stream handlers. */
  handlers?: Handler[];
  /** Scheduled jobs. */
  schedules?: Schedule[];
  /** Named database queries, merged from `Queries.yaml` when present. */
  queries?: DBQuery[];
  /** The Runnables of the app (filled in by the build tool or by Stratos for a project folder). */
  runnables: Runnable[];
  /** Stratos extension: third-party plugins to load, by path or URL. */
  plugins?: PluginReference[];
}

/** A third-party plugin listed in the Directive: a path/URL, or an object with options. */
export type PluginReference = string | { path: string; config?: Record<string, unknown> };

/** `connections:`. */
export interface Connections {
  /** NATS server, e.g. `nats://localhost:4222`. */
  nats?: { serverAddress: string };
  /** Kafka broker, e.g. `localhost:9092`. */
  kafka?: { brokerAddress: string };
  /** Redis server backing the cache capability. */
  redis?: { serverAddress: string; username?: string; password?: string };
  /** SQL database backing the db capability. */
  database?: { type: "mysql" | "postgresql"; connectionString: string };
}

/** An auth header injected by the host for one domain. */
export interface AuthHeader {
  /** Scheme before the value, default `bearer`. */
  headerType: string;
  /** Secret value (may have been `env(NAME)` in YAML; resolved here). */
  value: string;
}

/** Handler input type. */
export type HandlerType = "request" | "stream";

/** A request or stream handler. */
export interface Handler {
  /** `request` or `stream`. */
  type: HandlerType;
  /** For streams: `""`/`server` (WebSocket), `nats`, `kafka`, or a source a plugin provides. */
  source?: string;
  /** HTTP method of a request handler. */
  method?: string;
  /** HTTP path (httprouter syntax), NATS subject, Kafka topic, or what a plugin's source reads. */
  resource: string;
  /** Steps run for each request or message. */
  steps: Step[];
  /** State key whose value becomes the response. */
  response?: string;
  /** Stream handlers: topic/subject the result is published to. */
  respondTo?: string;
  /** Stratos extension: seconds a request may run before it is answered 504 (positive). */
  timeout?: number;
  /** Stratos extension (NATS and Kafka streams): retries and dead letters. */
  delivery?: Delivery;
}

/**
 * How the messages of a NATS or Kafka stream handler are delivered (`delivery:`). A delivery
 * fails when its steps end in a trap, a timeout or a status of 500 or more; it is tried again
 * until `maxDeliver` attempts failed, then dead-lettered.
 */
export interface Delivery {
  /** NATS: the JetStream durable consumer (required there); Kafka: ignored (groups are durable). */
  durable?: string;
  /** Attempts before a message is dead-lettered (at least 1). @default 1 */
  maxDeliver: number;
  /** Wait before the second attempt, in ms; each later wait doubles (at most 5 minutes). */
  backoffMs: number;
  /** Subject or topic that gets the original message after the last failed attempt. */
  deadLetter?: string;
}

/** What to do with an error: stop the sequence or continue with the next step. */
export type ErrAction = "return" | "continue";

/** `onErr` of a step. */
export interface ErrHandler {
  /** Per-code actions. */
  code?: Record<number, ErrAction>;
  /** Action for any code, only when `code` is empty. */
  any?: ErrAction;
  /** Action for codes not listed in `code`. */
  other?: ErrAction;
}

/** A call to one Runnable within a step. */
export interface CallableFn {
  /** Function reference: `name`, `ns::name` or `ident#ns::name@version`. */
  fn: string;
  /** State key the result is stored under (default: `fn` as written). */
  as?: string;
  /** Alias → existing state key, applied to the state the Runnable sees. */
  with?: Record<string, string>;
  /** Error handling. */
  onErr?: ErrHandler;
  /** Fully-qualified function name, filled in by validation. */
  fqfn: string;
}

/** A step: either a single fn or a group run concurrently. */
export interface Step extends Partial<CallableFn> {
  /** Members run concurrently. */
  group?: CallableFn[];
}

/** A scheduled job. */
export interface Schedule {
  /** Schedule name (becomes the request URL). */
  name: string;
  /** Period; at least one non-zero value. */
  every: { seconds?: number; minutes?: number; hours?: number; days?: number };
  /** Initial state (string values). */
  state?: Record<string, string>;
  /** Steps, same grammar as handlers. */
  steps: Step[];
}

/** Database query kinds; the numbers are the `db_exec` wire values. */
export type QueryType = "insert" | "select" | "update" | "delete";

/** A named database query with its type and variable count resolved. */
export interface DBQuery {
  /** Name used by `db_exec`. */
  name: string;
  /** SQL text with `?` (MySQL) or `$N` (PostgreSQL) placeholders. */
  query: string;
  /** Query type, given or inferred from the SQL prefix. */
  type: QueryType;
  /** Number of variables, given or counted. */
  varCount: number;
}

/** A Runnable of the app. */
export interface Runnable {
  /** Module name; the bundle entry is `<name>.wasm`. */
  name: string;
  /** Namespace, default `default`. */
  namespace: string;
  /** Source language (informational). */
  lang?: string;
  /** Runnable version (ignored for FQFNs). */
  version?: string;
  /** Draft version (informational). */
  draftVersion?: string;
  /** SDK API version (informational). */
  apiVersion?: string;
  /** `<identifier>#<namespace>::<name>@<appVersion>`. */
  fqfn: string;
  /** Headless URL path `/<identifier>/<namespace>/<name>/<appVersion>`. */
  fqfnUri?: string;
}

/** Outbound HTTP/GraphQL rules. */
export interface HTTPRules {
  /** Allow-list of domains (`*` label wildcards); wins over `blockedDomains`. */
  allowedDomains: string[];
  /** Deny-list of domains when no allow-list. */
  blockedDomains: string[];
  /** Ports allowed in addition to 80 and 443. */
  allowedPorts: number[];
  /** Ports always refused. */
  blockedPorts: number[];
  /** Whether raw IP hosts are allowed. */
  allowIPs: boolean;
  /** Whether private / non-global addresses are allowed. */
  allowPrivate: boolean;
  /** Whether plain `http://` is allowed. */
  allowHTTP: boolean;
}

/** The resolved capability configuration (defaults of `rcap.DefaultCapabilityConfig()`). */
export interface CapabilityConfig {
  /** `log_msg`. */
  logger: { enabled: boolean };
  /** `fetch_url`. */
  http: { enabled: boolean; rules: HTTPRules };
  /** `graphql_query`. */
  graphql: { enabled: boolean; rules: HTTPRules };
  /** Auth header injection. */
  auth: { enabled: boolean; headers: Record<string, AuthHeader> };
  /** `cache_get` / `cache_set`. */
  cache: {
    enabled: boolean;
    rules: { allowSet: boolean; allowGet: boolean; allowDelete: boolean };
    redis?: { serverAddress: string; username?: string; password?: string };
  };
  /** `get_static_file`. */
  file: { enabled: boolean };
  /** `db_exec`. */
  db: {
    enabled: boolean;
    dbType?: "mysql" | "pgx";
    connectionString?: string;
    /** The Directive's queries (typed and counted), when a database is configured. */
    queries?: DBQuery[];
  };
  /** `request_get_field` / `request_set_field` / `resp_set_header`. */
  requestHandler: { enabled: boolean; allowGetField: boolean; allowSetField: boolean };
}
