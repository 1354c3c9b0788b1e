import assert from "node:assert/strict";
import { checkRoutes } from "./routes.ts";
import { decodeFixture, lines } from "./test_utils.ts";

Deno.test("reports httprouter's conflicts at the resource", () => {
  const { raw, context, report } = decodeFixture(
    "handlers:\n" +
      "  - {type: request, method: GET, resource: /hello}\n" +
      "  - {type: request, method: GET, resource: /hello}\n" +
      "  - {type: request, method: POST, resource: /hello}\n" +
      "  - {type: request, method: GET, resource: /users/new}\n" +
      "  - {type: request, method: GET, resource: /users/:id}\n" +
      "  - {type: request, method: GET, resource: /files/*path/x}\n",
  );
  checkRoutes(raw.handlers, context);
  assert.deepEqual(lines(report), [
    "3:44: a handle is already registered for path '/hello'",
    "6:44: wildcard route ':id' conflicts with existing children in path '/users/:id'",
    "7:44: catch-all routes are only allowed at the end of the path in path '/files/*path/x'",
  ]);
});

Deno.test("ignores streams and handlers already reported for their method or path", () => {
  const { raw, context, report } = decodeFixture(
    "handlers:\n" +
      "  - {type: stream, resource: /ws}\n" +
      "  - {type: stream, resource: /ws}\n" +
      "  - {type: request, resource: /a}\n" +
      "  - {type: request, method: GET, resource: a}\n",
  );
  checkRoutes(raw.handlers, context);
  assert.deepEqual(lines(report), []);
});
