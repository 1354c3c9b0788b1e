import assert from "node:assert/strict";
import { DirectiveError, formatProblem } from "../errors.ts";
import { loadDirective } from "./load.ts";

const testdata = new URL("./testdata/", import.meta.url);
const read = (name: string) => Deno.readTextFileSync(new URL(name, testdata));
const ENV: Record<string, string> = {
  NATS_URL: "nats://localhost:4222",
  DB_CONN: "postgres://db/app",
  GITHUB_TOKEN: "ghp_secret",
};
const env = (name: string) => ENV[name];

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    assert.ok(error instanceof DirectiveError, String(error));
    return error.problems.map(formatProblem);
  }
  assert.fail("expected a DirectiveError");
}

Deno.test("loads a valid Directive with Queries.yaml", () => {
  const { directive, capabilities, warnings } = loadDirective({
    path: "app/Directive.yaml",
    text: read("valid.yaml"),
    queries: { path: "app/Queries.yaml", text: read("queries.yaml") },
  }, { env });
  assert.deepEqual(warnings, []);
  assert.equal(directive.identifier, "com.suborbital.test");
  assert.deepEqual(directive.connections, {
    nats: { serverAddress: "nats://localhost:4222" },
    database: { type: "postgresql", connectionString: "postgres://db/app" },
  });
  assert.deepEqual(directive.authentication, {
    domains: { "api.github.com": { headerType: "bearer", value: "ghp_secret" } },
  });
  assert.deepEqual(directive.runnables.map((r) => r.fqfn), [
    "com.suborbital.test#default::modify-url@v0.1.0",
    "com.suborbital.test#default::helloworld-rs@v0.1.0",
    "com.suborbital.test#default::fetch-test@v0.1.0",
    "com.suborbital.test#db::getUser@v0.1.0",
  ]);
  const [hello, user, stream] = directive.handlers ?? [];
  assert.deepEqual(hello.steps[0].group?.map((fn) => fn.fqfn), [
    "com.suborbital.test#default::modify-url@v0.1.0",
    "com.suborbital.test#default::helloworld-rs@v0.1.0",
  ]);
  assert.equal(user.timeout, 10);
  assert.equal(stream.steps[0].fqfn, "com.suborbital.test#db::getUser@v0.1.0");
  assert.equal(
    directive.schedules?.[0].steps[0].fqfn,
    "com.suborbital.test#default::fetch-test@v0.1.0",
  );
  assert.deepEqual(directive.queries, [
    {
      name: "PGInsertUser",
      query: "INSERT INTO users (uuid, email) VALUES ($1, $2)",
      type: "insert",
      varCount: 2,
    },
    {
      name: "PGSelectUserWithUUID",
      query: "SELECT * FROM users WHERE uuid = $1",
      type: "select",
      varCount: 1,
    },
  ]);
  assert.deepEqual(directive.plugins, ["./plugins/audit"]);
  assert.deepEqual(capabilities.http.rules.allowedDomains, ["*.github.com"]);
  assert.equal(capabilities.http.rules.allowHTTP, false);
  assert.equal(capabilities.graphql.rules.allowHTTP, true);
  assert.deepEqual(capabilities.auth.headers, directive.authentication?.domains);
  assert.deepEqual(capabilities.db, {
    enabled: true,
    dbType: "pgx",
    connectionString: "postgres://db/app",
    queries: directive.queries,
  });
});

Deno.test("an unset environment variable where a value matters is an error naming it", () => {
  const problems = problemsOf(() =>
    loadDirective(
      { path: "app/Directive.yaml", text: read("valid.yaml") },
      { env: (name) => name === "GITHUB_TOKEN" ? undefined : ENV[name] },
    )
  );
  assert.deepEqual(problems, [
    "app/Directive.yaml:15:14: environment variable GITHUB_TOKEN is not set",
  ]);
});

Deno.test("without the environment (building a bundle), env(NAME) is left empty, no problem", () => {
  const { directive, warnings } = loadDirective(
    { path: "app/Directive.yaml", text: read("valid.yaml") },
    { env: false },
  );
  assert.deepEqual(warnings, []);
  assert.equal(directive.authentication?.domains?.["api.github.com"].value, "");
  assert.equal(directive.connections?.nats?.serverAddress, "");
});

Deno.test("reports every problem of a Directive at once, sorted by position", () => {
  const problems = problemsOf(() =>
    loadDirective({ path: "app/Directive.yaml", text: read("invalid.yaml") }, { env })
  );
  const at = (line: number, col: number, message: string) =>
    `app/Directive.yaml:${line}:${col}: ${message}`;
  assert.deepEqual(problems, [
    at(1, 1, "identifier is missing"),
    at(2, 13, "app version is not a valid semantic version"),
    at(3, 14, "atmo version is not a valid semantic version"),
    at(4, 1, "unknown key 'headles' in Directive (did you mean 'headless'?)"),
    at(
      8,
      20,
      "serverAddress ':4222' is not an address (it names no host): write host:port, IP:port, " +
        "[IPv6]:port or a URL such as nats://127.0.0.1:4222",
    ),
    at(10, 20, "serverAddress is empty"),
    at(12, 11, "database type postgres is invalid, must be 'mysql' or 'postgresql'"),
    at(13, 23, "environment variable DB is not set"),
    at(18, 7, "authentication for domain api.github.com has an empty value"),
    at(19, 7, "unknown key 'valeu' in authentication domain (did you mean 'value'?)"),
    at(28, 15, "a handle is already registered for path '/hello'"),
    at(32, 5, "handler for resource hello/:name has type 'request', but does not specify a method"),
    at(33, 15, "handler resource must begin with leading slash '/': hello/:name"),
    at(
      34,
      16,
      "handler for resource hello/:name has type 'request', but defines a 'respondTo' field, " +
        "which only valid for type 'stream'",
    ),
    at(
      36,
      13,
      "handler for  hello/:name lists fn at step 0 that does not exist: helo (did you mean " +
        "'hello'?)",
    ),
    at(42, 5, "handler for resource /users/:id missing steps"),
    at(44, 15, "wildcard route ':id' conflicts with existing children in path '/users/:id'"),
    at(45, 5, "unknown key 'stpes' in handler (did you mean 'steps'?)"),
    at(47, 5, "handler for  orders has group as last step but does not include 'response' field"),
    at(
      53,
      18,
      "handler for  orders has 'with' value at step 0 referencing a key that is not yet " +
        "available in the handler's state: missing",
    ),
    at(
      56,
      18,
      "handler for  orders has 'onErr.code' value at step 0 with an invalid error directive for " +
        "code 500: retry",
    ),
    at(
      57,
      16,
      "handler for  orders has 'onErr.any' value at step 0 while specific codes are specified, " +
        "use 'other' instead",
    ),
    at(58, 9, "step at position 1 for handler  orders is a 'forEach', which was removed in v0.4.0"),
    at(61, 9, "step at position 2 for handler  orders isn't an Fn or Group"),
    at(
      65,
      20,
      "handler for  orders has 'onErr.any' value at step 3 with an invalid error directive: " +
        "sometimes",
    ),
    at(
      66,
      17,
      "handler for  orders lists fn at step 3 that does not exist: db::hello (did you mean " +
        "'hello'?)",
    ),
    at(68, 13, "handler for resource events references source kafka that is not configured"),
    at(70, 12, "expected a list for 'handlers[6].steps', found an integer"),
    at(71, 11, "handler for resource /hook has invalid type, must be 'request' or 'stream'"),
    at(
      76,
      18,
      "handler for  /hook has 'onErr.other' value at step 0 while specific codes are not " +
        "specified, use 'any' instead",
    ),
    at(77, 15, "handler for  /hook lists response state key that does not exist: hello2"),
    at(
      78,
      14,
      "handler for resource /hook has timeout -3, but it must be a positive number of seconds",
    ),
    at(81, 5, "schedule at position 0 has no name"),
    at(87, 7, "schedule nightly has no 'every' values"),
    at(
      91,
      16,
      "schedule for nightly has 'with' value at step 0 referencing a key that is not yet " +
        "available in the handler's state: today",
    ),
    at(92, 5, "schedule empty missing steps"),
    at(94, 14, "expected an integer for 'schedules[2].every.hours', found a string"),
    at(97, 5, "query at position 0 has no name"),
    at(100, 11, "query at position 1 has invalid type merge"),
    at(101, 15, "query at position 1 cannot have negative var count"),
    at(106, 5, "duplicate fn default::hello found"),
    at(108, 5, "function at position 2 missing name"),
    at(109, 5, "function at position 3 missing namespace"),
  ]);
});

Deno.test("the error message lists every problem", () => {
  assert.throws(
    () => loadDirective({ path: "D.yaml", text: "identifier: x\n" }),
    (error: unknown) => {
      assert.ok(error instanceof DirectiveError);
      assert.equal(error.code, "STRATOS_ERR_DIRECTIVE_INVALID");
      assert.equal(
        error.message,
        "found 3 problems:\nD.yaml:1:1: app version is not a valid semantic version\n" +
          "D.yaml:1:1: atmo version is not a valid semantic version\nD.yaml:1:1: no functions listed",
      );
      return true;
    },
  );
});

Deno.test("queries are numbered across the Directive and Queries.yaml", () => {
  const problems = problemsOf(() =>
    loadDirective({
      path: "app/Directive.yaml",
      text: read("valid.yaml") + "queries:\n  - name: own\n    query: SELECT 1\n",
      queries: { path: "app/Queries.yaml", text: "queries:\n  - query: SELECT 2\n  - name: x\n" },
    }, { env })
  );
  assert.deepEqual(problems, [
    "app/Queries.yaml:2:5: query at position 1 has no name",
    "app/Queries.yaml:3:5: query at position 2 has no query value",
  ]);
});

Deno.test("YAML syntax errors are problems with positions", () => {
  assert.deepEqual(
    problemsOf(() =>
      loadDirective({
        path: "D.yaml",
        text: "identifier: x\nhandlers: [\n",
        queries: { path: "Q.yaml", text: "queries:\n\t- a\n" },
      })
    ),
    [
      "D.yaml:3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented " +
      "and end with a ]",
      "Q.yaml:2:1: invalid YAML: Tabs are not allowed as indentation",
    ],
  );
});

Deno.test("an empty Directive lacks everything Atmo requires", () => {
  for (const text of ["", "# nothing\n", "---\n", "~\n"]) {
    assert.deepEqual(problemsOf(() => loadDirective({ path: "D.yaml", text })), [
      "D.yaml:1:1: identifier is missing",
      "D.yaml:1:1: app version is not a valid semantic version",
      "D.yaml:1:1: atmo version is not a valid semantic version",
      "D.yaml:1:1: no functions listed",
    ], JSON.stringify(text));
  }
});

Deno.test("a file that is no Directive at all is one problem, said once", () => {
  const list = Array.from({ length: 5000 }, (_, i) => `- item${i}\n`).join("");
  assert.deepEqual(problemsOf(() => loadDirective({ path: "D.yaml", text: list })), [
    "D.yaml:1:1: expected a map at the top level, found a list: this is not a Directive",
  ]);
  assert.deepEqual(problemsOf(() => loadDirective({ path: "D.yaml", text: "hello\n" })), [
    "D.yaml:1:1: expected a map at the top level, found a string: this is not a Directive",
  ]);
  const packageJson = '{"name": "app", "version": "1.0.0", "scripts": {"build": "tsc"}}';
  assert.deepEqual(problemsOf(() => loadDirective({ path: "D.yaml", text: packageJson })), [
    "D.yaml:1:1: none of the top-level keys is a Directive key (found 'name', 'version', " +
    "'scripts'): this is not a Directive",
  ]);
  const queries = { path: "Q.yaml", text: "- select 1\n" };
  assert.deepEqual(problemsOf(() => loadDirective({ path: "D.yaml", text: "{}", queries })), [
    "Q.yaml:1:1: expected a map at the top level, found a list: this is not a Queries.yaml",
  ]);
});

Deno.test("with no Runnable at all, no step is blamed for naming an unknown fn", () => {
  const handlers = Array.from(
    { length: 50 },
    (_, i) => `  - {type: request, method: GET, resource: /h${i}, steps: [{fn: f${i}}]}\n`,
  ).join("");
  const text = `identifier: com.x\nappVersion: v1.0.0\natmoVersion: v0.4.7\nhandlers:\n${handlers}`;
  assert.deepEqual(problemsOf(() => loadDirective({ path: "D.yaml", text })), [
    "D.yaml:1:1: no functions listed",
  ]);
  const runnables = [{ name: "hello", namespace: "", lang: "rust", fqfn: "" }];
  const one = problemsOf(() => loadDirective({ path: "D.yaml", text }, { runnables }));
  assert.equal(one.length, 50, "with a Runnable, each unknown fn is a problem");
  assert.match(one[0], /lists fn at step 0 that does not exist: f0/);
});

/** A Directive whose `count` handlers each lack the resource's leading slash. */
function slashless(count: number): string {
  const handlers = Array.from(
    { length: count },
    (_, i) => `  - {type: request, method: GET, resource: h${i}, steps: [{fn: hello}]}\n`,
  ).join("");
  return `identifier: com.x\nappVersion: v1.0.0\natmoVersion: v0.4.7\nhandlers:\n${handlers}`;
}

function failure(text: string, maxProblems?: number): DirectiveError {
  const runnables = [{ name: "hello", namespace: "", lang: "rust", fqfn: "" }];
  try {
    loadDirective({ path: "D.yaml", text }, { runnables, maxProblems });
  } catch (error) {
    assert.ok(error instanceof DirectiveError);
    return error;
  }
  assert.fail("expected a DirectiveError");
}

Deno.test("very many problems: the first ones by position are listed, the others counted", () => {
  const started = performance.now();
  const capped = failure(slashless(5000));
  assert.ok(performance.now() - started < 10_000, "bounded time");
  assert.equal(capped.problems.length, 100);
  assert.equal(capped.omitted, 4900);
  assert.equal(capped.summary, "and 4900 more (5000 problems in all)");
  assert.match(formatProblem(capped.problems[0]), /^D\.yaml:5:\d+: .*: h0$/);
  assert.match(formatProblem(capped.problems[99]), /: h99$/);
  assert.equal(capped.message.split("\n").length, 102, "found line, 100 problems, and more");
  assert.match(capped.message, /^found 5000 problems:\n/);
  assert.match(capped.message, /\nand 4900 more$/);

  const text = slashless(150);
  const three = failure(text, 3);
  assert.deepEqual([three.problems.length, three.omitted], [3, 147]);
  const all = failure(text, 1000);
  assert.deepEqual([all.problems.length, all.omitted, all.summary], [150, 0, "found 150 problems"]);
});

Deno.test("discovered Runnables are used when the Directive lists none", () => {
  const text = "identifier: com.x\nappVersion: v1.0.0\natmoVersion: v0.4.7\n" +
    "handlers:\n  - {type: request, method: GET, resource: /, steps: [{fn: hello}]}\n";
  const { directive } = loadDirective({ path: "D.yaml", text }, {
    runnables: [{ name: "hello", namespace: "", lang: "rust", fqfn: "" }],
  });
  assert.deepEqual(directive.runnables, [{
    name: "hello",
    namespace: "default",
    lang: "rust",
    fqfn: "com.x#default::hello@v1.0.0",
    fqfnUri: "/com.x/default/hello/v1.0.0",
  }]);
  assert.equal(directive.handlers?.[0].steps[0].fqfn, "com.x#default::hello@v1.0.0");
});

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

const FRAGMENTS = [
  "&a ",
  "*a",
  "<<: *a",
  "[",
  "]",
  "{",
  "}",
  ": ",
  "- ",
  "!tag ",
  '"',
  "'",
  "? ",
  "#",
  "\t",
  "\n",
  "~",
  "-1",
  "1.5",
  "yes",
  "env(",
  ":id",
  "*x",
  "group:",
  "fn: ",
  "steps:",
  "\u0000",
  "&b [*b]",
];

function mutate(text: string, next: () => number): string {
  const lines = text.split("\n");
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  for (let n = 1 + Math.floor(next() * 4); n > 0; n--) {
    const i = Math.floor(next() * lines.length);
    const line = lines[i];
    const at = Math.floor(next() * (line.length + 1));
    const edits = [
      () => lines[i] = line.slice(0, at) + pick(FRAGMENTS) + line.slice(at),
      () => lines[i] = line.slice(0, at) + line.slice(at + 1 + Math.floor(next() * 5)),
      () => lines.splice(i, 1),
      () => lines.splice(i, 0, line),
      () => lines[i] = "  " + line,
      () => lines[i] = line.replace(/^ {2}/, ""),
    ];
    pick(edits)();
  }
  return lines.join("\n");
}

Deno.test("mutated Directives load or throw DirectiveError, nothing else", () => {
  const text = read("valid.yaml");
  const next = random(42);
  let loaded = 0;
  for (let i = 0; i < 400; i++) {
    const mutated = mutate(text, next);
    try {
      loadDirective({ path: "D.yaml", text: mutated }, { env });
      loaded++;
    } catch (error) {
      if (!(error instanceof DirectiveError)) {
        assert.fail(`mutation ${i} threw ${error}:\n${mutated}`);
      }
      assert.ok(error.problems.length > 0);
    }
  }
  assert.ok(loaded > 0 && loaded < 400);
});
