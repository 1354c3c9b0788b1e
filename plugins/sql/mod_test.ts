import assert from "node:assert/strict";
import { stratosError } from "../../tests/support/errors.ts";
import plugin, { databaseAddress } from "./mod.ts";

Deno.test("databaseAddress - a clear error for an empty or unreadable connection string", () => {
  assert.throws(
    () => databaseAddress("postgresql", " "),
    stratosError(
      "STRATOS_ERR_DB_CONFIG",
      "connections.database.connectionString is empty (if it is env(NAME), NAME is not set)",
    ),
  );
  assert.throws(
    () => databaseAddress("mysql", "user:hunter2@udp(h)/db"),
    stratosError(
      "STRATOS_ERR_DB_CONFIG",
      "connections.database.connectionString is not a mysql connection string: " +
        "the DSN's network must be tcp or unix, found udp",
    ),
  );
  assert.equal(databaseAddress("postgresql", "postgres://h/db").display, "postgresql://h:5432/db");
  assert.equal(plugin.name, "sql");
});
