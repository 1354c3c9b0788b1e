import assert from "node:assert/strict";
import {
  type CapabilitySources,
  DEFAULT_CAPABILITIES,
  defaultCapabilities,
  resolveCapabilities,
} from "./capabilities.ts";
import { envResolver } from "./env.ts";
import { decodeFixture, lines } from "./test_utils.ts";

const NO_SOURCES: CapabilitySources = { authDomains: {}, queries: [] };

function resolve(text: string, sources = NO_SOURCES, env: Record<string, string> = {}) {
  const { raw, context, report } = decodeFixture(text);
  const resolved = resolveCapabilities(
    raw.capabilities,
    sources,
    context,
    envResolver((name) => env[name], context),
  );
  return { resolved, report };
}

Deno.test("defaults are Reactr's: everything on, no rules, no database", () => {
  const defaults = defaultCapabilities();
  assert.deepEqual(defaults.http.rules, {
    allowedDomains: [],
    blockedDomains: [],
    allowedPorts: [],
    blockedPorts: [],
    allowIPs: true,
    allowPrivate: true,
    allowHTTP: true,
  });
  assert.deepEqual(defaults.cache, {
    enabled: true,
    rules: { allowSet: true, allowGet: true, allowDelete: true },
  });
  assert.deepEqual(defaults.db, { enabled: false });
  assert.deepEqual(defaults.requestHandler, {
    enabled: true,
    allowGetField: true,
    allowSetField: true,
  });
  assert.deepEqual(DEFAULT_CAPABILITIES, defaults);
  assert.ok(Object.isFrozen(DEFAULT_CAPABILITIES.http.rules.allowedDomains));
  assert.notEqual(defaultCapabilities().http, defaults.http);
});

Deno.test("no capabilities block gives the defaults", () => {
  const { resolved, report } = resolve("identifier: x\n");
  assert.deepEqual(resolved, defaultCapabilities());
  assert.deepEqual(lines(report), []);
});

Deno.test("a present key replaces its default, missing fields taking Go's zero values", () => {
  const { resolved, report } = resolve(
    "capabilities:\n  http:\n    enabled: true\n    rules:\n      allowedDomains: [api.example.com]\n" +
      "      allowIPs: true\n  cache:\n    enabled: true\n    rules: {allowGet: true}\n",
  );
  assert.deepEqual(resolved.http, {
    enabled: true,
    rules: {
      allowedDomains: ["api.example.com"],
      blockedDomains: [],
      allowedPorts: [],
      blockedPorts: [],
      allowIPs: true,
      allowPrivate: false,
      allowHTTP: false,
    },
  });
  assert.deepEqual(resolved.cache, {
    enabled: true,
    rules: { allowSet: false, allowGet: true, allowDelete: false },
  });
  assert.deepEqual(resolved.graphql, defaultCapabilities().graphql);
  assert.deepEqual(lines(report), []);
});

Deno.test("a present capability without 'enabled' is disabled, with a warning", () => {
  const { resolved, report } = resolve(
    "capabilities:\n  logger: {}\n  requestHandler:\n    allowGetField: true\n",
  );
  assert.deepEqual(resolved.logger, { enabled: false });
  assert.deepEqual(resolved.requestHandler, {
    enabled: false,
    allowGetField: true,
    allowSetField: false,
  });
  assert.deepEqual(lines(report), [
    "2:11: warning: capabilities.logger has no 'enabled' key, so it is disabled (as in Atmo, a " +
    "missing field of a capability is false)",
    "4:5: warning: capabilities.requestHandler has no 'enabled' key, so it is disabled (as in " +
    "Atmo, a missing field of a capability is false)",
  ]);
});

Deno.test("auth headers come from authentication.domains and capabilities.auth.headers", () => {
  const { resolved, report } = resolve(
    "capabilities:\n  auth:\n    enabled: true\n    headers:\n      a.com: {headerType: basic, value: env(A)}\n" +
      "      b.com: {value: plain}\n",
    {
      ...NO_SOURCES,
      authDomains: {
        "a.com": { headerType: "bearer", value: "old" },
        "c.com": { headerType: "bearer", value: "c" },
      },
    },
    { A: "secret" },
  );
  assert.deepEqual(resolved.auth, {
    enabled: true,
    headers: {
      "a.com": { headerType: "basic", value: "secret" },
      "b.com": { headerType: "", value: "plain" },
      "c.com": { headerType: "bearer", value: "c" },
    },
  });
  assert.deepEqual(lines(report), []);
});

Deno.test("the cache uses connections.redis", () => {
  const redis = { serverAddress: "redis://r:6379", password: "p" };
  const { resolved } = resolve(
    "capabilities:\n  cache:\n    enabled: true\n    redis:\n      serverAddress: x\n",
    {
      ...NO_SOURCES,
      redis,
    },
  );
  assert.deepEqual(resolved.cache.redis, redis);
  assert.deepEqual(resolve("identifier: x\n", { ...NO_SOURCES, redis }).resolved.cache, {
    enabled: true,
    rules: { allowSet: true, allowGet: true, allowDelete: true },
    redis,
  });
});

Deno.test("db comes from connections.database and the queries", () => {
  const queries = [{ name: "q", query: "SELECT 1", type: "select" as const, varCount: 0 }];
  const database = {
    type: "postgresql",
    connectionString: "postgres://resolved",
    literalConnectionString: "env(DB)",
  };
  const { resolved } = resolve("identifier: x\n", { ...NO_SOURCES, database, queries });
  assert.deepEqual(resolved.db, {
    enabled: true,
    dbType: "pgx",
    connectionString: "postgres://resolved",
    queries,
  });
});

Deno.test("a user db block replaces it only when enabled, and its dbType is checked", () => {
  const queries = [{ name: "q", query: "SELECT 1", type: "select" as const, varCount: 0 }];
  const sources = {
    ...NO_SOURCES,
    queries,
    database: { type: "mysql", connectionString: "m", literalConnectionString: "m" },
  };
  const disabled = resolve("capabilities:\n  db:\n    dbType: pgx\n", sources);
  assert.equal(disabled.resolved.db.connectionString, "m");
  const enabled = resolve(
    "capabilities:\n  db:\n    enabled: true\n    dbType: oracle\n    connectionString: env(X)\n",
    sources,
    { X: "x://" },
  );
  assert.deepEqual(enabled.resolved.db, {
    enabled: true,
    dbType: "mysql",
    connectionString: "x://",
    queries,
  });
  assert.deepEqual(lines(enabled.report), [
    "4:13: capabilities.db dbType oracle is invalid, must be 'mysql' or 'pgx'",
  ]);
});
