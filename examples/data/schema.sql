-- The table of examples/data (PostgreSQL). Apply it with `deno run -A examples/data/setup.ts`.
CREATE TABLE IF NOT EXISTS stratos_example_notes (
  id BIGSERIAL PRIMARY KEY,
  owner TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS stratos_example_notes_owner ON stratos_example_notes (owner);
