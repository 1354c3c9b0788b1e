import assert from "node:assert/strict";
import { Locations } from "./locations.ts";

const root = { file: "D.yaml", line: 1, col: 1 };

Deno.test("finds a recorded path", () => {
  const locations = new Locations(root);
  locations.set(["handlers", 0, "resource"], { file: "D.yaml", line: 4, col: 15 });
  assert.deepEqual(locations.find(["handlers", 0, "resource"]), {
    file: "D.yaml",
    line: 4,
    col: 15,
  });
});

Deno.test("falls back to the nearest ancestor, then the root", () => {
  const locations = new Locations(root);
  locations.set(["handlers", 0], { file: "D.yaml", line: 3, col: 5 });
  assert.deepEqual(locations.find(["handlers", 0, "steps", 2]), {
    file: "D.yaml",
    line: 3,
    col: 5,
  });
  assert.deepEqual(locations.find(["identifier"]), root);
  assert.deepEqual(locations.find([]), root);
});

Deno.test("keys containing dots stay distinct", () => {
  const locations = new Locations(root);
  locations.set(["domains", "api.github.com"], { file: "D.yaml", line: 9, col: 5 });
  assert.deepEqual(locations.find(["domains", "api", "github.com"]), root);
});
