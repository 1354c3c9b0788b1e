-- The table of examples/rust (PostgreSQL). Apply it with `deno run -A examples/rust/setup.ts`.
CREATE TABLE IF NOT EXISTS stratos_rust_notes (
  id BIGSERIAL PRIMARY KEY,
  title TEXT NOT NULL
);
