/**
 * The Directive schema (every key Atmo v0.4.7 reads, and Stratos's own, see types.ts) as shapes,
 * and the raw decoded
 * types derived from it. Raw values have every key optional: validation decides what is missing.
 *
 * @module
 */

import {
  any,
  boolean,
  type Infer,
  integer,
  integerMap,
  list,
  map,
  number,
  object,
  string,
  stringOrObject,
} from "./shape.ts";

const callableFnFields = {
  fn: string,
  as: string,
  with: map(string),
  onErr: object("onErr", { code: integerMap(string), any: string, other: string }),
};

const groupMember = object("group member", callableFnFields);

const step = object("step", { ...callableFnFields, group: list(groupMember), forEach: any });

/** Stratos extension: retries and dead letters of a NATS or Kafka stream handler. */
const delivery = object("delivery", {
  durable: string,
  maxDeliver: integer,
  backoff: string,
  deadLetter: string,
});

const handler = object("handler", {
  type: string,
  source: string,
  method: string,
  resource: string,
  steps: list(step),
  response: string,
  respondTo: string,
  timeout: number,
  delivery,
});

const schedule = object("schedule", {
  name: string,
  every: object("every", { seconds: integer, minutes: integer, hours: integer, days: integer }),
  state: map(string),
  steps: list(step),
});

const redis = { serverAddress: string, username: string, password: string };

const connections = object("connections", {
  nats: object("connections.nats", { serverAddress: string }),
  kafka: object("connections.kafka", { brokerAddress: string }),
  redis: object("connections.redis", redis),
  database: object("connections.database", { type: string, connectionString: string }),
});

function authHeader(name: string) {
  return object(name, { headerType: string, value: string });
}

/** Shape of a `query` (in `queries:` or `Queries.yaml`). */
export const queryShape = object("query", {
  name: string,
  query: string,
  type: string,
  varCount: integer,
});

function httpCapability(name: string) {
  return object(name, {
    enabled: boolean,
    rules: object(`${name}.rules`, {
      allowedDomains: list(string),
      blockedDomains: list(string),
      allowedPorts: list(integer),
      blockedPorts: list(integer),
      allowIPs: boolean,
      allowPrivate: boolean,
      allowHTTP: boolean,
    }),
  });
}

const capabilities = object("capabilities", {
  logger: object("capabilities.logger", { enabled: boolean }),
  http: httpCapability("capabilities.http"),
  graphql: httpCapability("capabilities.graphql"),
  auth: object("capabilities.auth", {
    enabled: boolean,
    headers: map(authHeader("capabilities.auth header")),
  }),
  cache: object("capabilities.cache", {
    enabled: boolean,
    rules: object("capabilities.cache.rules", {
      allowSet: boolean,
      allowGet: boolean,
      allowDelete: boolean,
    }),
    redis: object("capabilities.cache.redis", redis),
  }),
  file: object("capabilities.file", { enabled: boolean }),
  db: object("capabilities.db", {
    enabled: boolean,
    dbType: string,
    connectionString: string,
    queries: any,
  }),
  requestHandler: object("capabilities.requestHandler", {
    enabled: boolean,
    allowGetField: boolean,
    allowSetField: boolean,
  }),
});

const runnable = object("runnable", {
  name: string,
  namespace: string,
  lang: string,
  version: string,
  draftVersion: string,
  apiVersion: string,
  fqfn: string,
  fqfnUri: string,
});

/** Shape of a whole `Directive.yaml`. */
export const directiveShape = object("Directive", {
  identifier: string,
  appVersion: string,
  atmoVersion: string,
  headless: boolean,
  connections,
  authentication: object("authentication", { domains: map(authHeader("authentication domain")) }),
  capabilities,
  handlers: list(handler),
  schedules: list(schedule),
  queries: list(queryShape),
  runnables: list(runnable),
  plugins: list(stringOrObject(object("plugin", { path: string, config: any }))),
});

/** Shape of a `Queries.yaml` (only `queries` is used). */
export const queriesFileShape = object("Queries.yaml", { queries: list(queryShape) });

/** A decoded `Directive.yaml`. */
export type RawDirective = Infer<typeof directiveShape>;
/** A decoded handler. */
export type RawHandler = Infer<typeof handler>;
/** A decoded `delivery:` block. */
export type RawDelivery = Infer<typeof delivery>;
/** A decoded schedule. */
export type RawSchedule = Infer<typeof schedule>;
/** A decoded step. */
export type RawStep = Infer<typeof step>;
/** A decoded fn call (a fn step or a group member). */
export type RawCallableFn = Infer<typeof groupMember>;
/** A decoded query. */
export type RawQuery = Infer<typeof queryShape>;
/** A decoded Runnable. */
export type RawRunnable = Infer<typeof runnable>;
/** A decoded `connections:` block. */
export type RawConnections = Infer<typeof connections>;
/** A decoded auth header. */
export type RawAuthHeader = Infer<ReturnType<typeof authHeader>>;
/** A decoded `capabilities:` block. */
export type RawCapabilities = Infer<typeof capabilities>;
