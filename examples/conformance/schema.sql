-- The table of examples/conformance (PostgreSQL), used by the items Runnable through Queries.yaml.
-- Apply it with `deno run -A examples/conformance/setup.ts`.
CREATE TABLE IF NOT EXISTS stratos_conformance_items (
  id BIGSERIAL PRIMARY KEY,
  title TEXT NOT NULL
);
