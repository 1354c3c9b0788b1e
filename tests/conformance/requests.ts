/**
 * The requests of the conformance test, in order, each with the answer every build of
 * examples/conformance must give (requests that change state, the cache and the table, come
 * before those that read it).
 *
 * @module
 */

/** The answer a request must get. */
export interface Expected {
  /** HTTP status. */
  status: number;
  /** `Content-Type`. */
  type: string;
  /** Exact body. */
  body: string;
  /** Other response headers that must be there, with their values. */
  headers?: Record<string, string>;
}

/** One request and its expected answer. */
export interface Exchange {
  /** What it checks (the test step's name). */
  name: string;
  /** Path and query. */
  path: string;
  /** Method, headers, body (a string body, so it can be sent once per build). */
  init?: RequestInit;
  /** What it must get. */
  expect: Expected;
}

/** Where the outbound requests go. */
export interface Targets {
  /** Base URL of the API named in `authentication.domains`. */
  api: string;
  /** Base URL of another API on the same host, another port (no token for it). */
  other: string;
}

const TEXT = "text/plain; charset=utf-8";
const BYTES = "application/octet-stream";
const JSON_TYPE = "application/json";

/** Stratos's answer for a Runnable error (or a host error turned into one). */
function error(status: number, message: string): Expected {
  return { status, type: JSON_TYPE, body: JSON.stringify({ status, message }) };
}

/** A 200 answer with Content-Type `type`. */
function ok(body: string, type = BYTES, headers?: Record<string, string>): Expected {
  return { status: 200, type, body, ...(headers ? { headers } : {}) };
}

/** What `inspect` reports, in its member order. */
interface Inspected {
  method: string;
  url: string;
  idLength: number;
  body: string;
  message: string;
  header: string;
  name: string;
  lang: string;
  state: string;
}

function inspected(fields: Inspected): Expected {
  return ok(JSON.stringify(fields), JSON_TYPE, { "x-inspected-by": "inspect" });
}

/** What `inspect` reports for a POST to `/inspect/a` with `body`, and state `greeting`. */
function inspectedPost(body: string, state: string): Expected {
  return inspected({
    method: "POST",
    url: "/inspect/a",
    idLength: 36,
    body,
    message: "",
    header: "",
    name: "a",
    lang: "",
    state,
  });
}

/** `GET /fetch?url=<url>`. */
function fetchPath(url: string): string {
  return `/fetch?url=${encodeURIComponent(url)}`;
}

/** Every request of the conformance test, for outbound targets `targets`. */
export function exchanges(targets: Targets): Exchange[] {
  const json = `{"message":"hi \\"there\\"\\t🌍","count":2}`;
  const localhost = targets.api.replace("127.0.0.1", "localhost");
  return [
    {
      name: "one step: the body as input, octet-stream by default",
      path: "/hello",
      init: { method: "POST", body: "world" },
      expect: ok("hello world"),
    },
    {
      name: "UTF-8 input comes back byte for byte",
      path: "/hello",
      init: { method: "POST", body: "héllo 🌍" },
      expect: ok("hello héllo 🌍"),
    },
    {
      name: "request fields of every type, a response header and Content-Type",
      path: "/inspect/mars?lang=en&x=1",
      init: { method: "POST", headers: { "X-Conformance": "yes" }, body: json },
      expect: inspected({
        method: "POST",
        url: "/inspect/mars?lang=en&x=1",
        idLength: 36,
        body: json,
        message: 'hi "there"\t🌍',
        header: "yes",
        name: "mars",
        lang: "en",
        state: `hello ${json}`,
      }),
    },
    {
      name: "request fields of a GET without body, header, query or state",
      path: "/inspect/venus",
      expect: inspected({
        method: "GET",
        url: "/inspect/venus",
        idLength: 36,
        body: "",
        message: "",
        header: "",
        name: "venus",
        lang: "",
        state: "",
      }),
    },
    {
      name: "a body field that is not a string reads as empty",
      path: "/inspect/earth",
      init: { method: "POST", body: '{"message":42}' },
      expect: inspected({
        method: "POST",
        url: "/inspect/earth",
        idLength: 36,
        body: '{"message":42}',
        message: "",
        header: "",
        name: "earth",
        lang: "",
        state: 'hello {"message":42}',
      }),
    },
    {
      name: "state across steps: as, with, a group, and a step joining two keys",
      path: "/chain",
      init: { method: "POST", body: "world" },
      expect: ok("HELLO WORLD! | WORLD!"),
    },
    {
      name: "a group as the last step answers its response key",
      path: "/group",
      init: { method: "POST", body: "world" },
      expect: ok("WORLD!"),
    },
    {
      name: "a RunErr code from 200 to 599 is the status",
      path: "/fail/418",
      expect: error(418, "failed with code 418"),
    },
    {
      name: "a RunErr code outside 200-599 is a 500",
      path: "/fail/700",
      expect: error(500, "failed with code 700"),
    },
    {
      name: "a Runnable's own 400",
      path: "/fail/abc",
      expect: error(400, "code abc is not a number"),
    },
    {
      name: "onErr continues on 404: the state key holds the error JSON",
      path: "/recover/404",
      init: { method: "POST", body: "again" },
      expect: ok('hello again | {"code":404,"message":"failed with code 404"}'),
    },
    {
      name: "onErr returns any other code",
      path: "/recover/503",
      init: { method: "POST", body: "again" },
      expect: error(503, "failed with code 503"),
    },
    {
      name: "cache: a missing key is the host's error as a 404",
      path: "/cache/planet",
      expect: error(404, "key not found"),
    },
    {
      name: "cache: set",
      path: "/cache/planet",
      init: { method: "POST", body: "saturn ♄" },
      expect: ok("stored 10 bytes under planet"),
    },
    {
      name: "cache: get what was set",
      path: "/cache/planet",
      expect: ok("saturn ♄"),
    },
    {
      name: "static file: text",
      path: "/file/hello.txt",
      expect: ok("Hello from the conformance app.\n", TEXT),
    },
    {
      name: "static file: JSON",
      path: "/file/planets.json",
      expect: ok('{ "planets": ["mercury", "venus", "earth", "mars"] }\n', JSON_TYPE),
    },
    {
      name: "static file: missing",
      path: "/file/nope.txt",
      expect: error(404, "no static file nope.txt"),
    },
    {
      name: "outbound: the host adds the token for the API's host:port",
      path: fetchPath(`${targets.api}/whoami`),
      expect: ok("authorized client=fetch"),
    },
    {
      name: "outbound: a secret echoed back is redacted",
      path: fetchPath(`${targets.api}/echo-auth`),
      expect: ok("authorization: bearer [REDACTED]"),
    },
    {
      name: "outbound: an error status is the host's error text",
      path: fetchPath(`${targets.api}/status/404`),
      expect: error(502, "404: status 404"),
    },
    {
      name: "outbound: another port of the same host gets no token",
      path: fetchPath(`${targets.other}/whoami`),
      expect: error(502, "401: no valid token (got none)"),
    },
    {
      name: "outbound: a host outside allowedDomains is refused",
      path: fetchPath(`${localhost}/whoami`),
      expect: error(502, "failed to requestIsAllowed: requests to this domain are disallowed"),
    },
    {
      name: "database: select from an empty table",
      path: "/items",
      expect: ok("[]", JSON_TYPE),
    },
    {
      name: "database: insert",
      path: "/items",
      init: { method: "POST", body: '{"title":"first"}' },
      expect: ok('{"lastInsertID":1,"rowsAffected":0}', JSON_TYPE),
    },
    {
      name: "database: insert UTF-8 and quotes",
      path: "/items",
      init: { method: "POST", body: '{"title":"second \\"✓\\""}' },
      expect: ok('{"lastInsertID":2,"rowsAffected":0}', JSON_TYPE),
    },
    {
      name: "database: select the rows",
      path: "/items",
      expect: ok('[{"id":1,"title":"first"},{"id":2,"title":"second \\"✓\\""}]', JSON_TYPE),
    },
  ];
}

/** A request the builds answer differently, on purpose: a difference of the languages. */
export interface Difference {
  /** What differs and why (the test step's name). */
  name: string;
  /** Path and query. */
  path: string;
  /** Method, headers, body. */
  init: RequestInit;
  /** What each build answers. */
  expect: Record<"ts" | "rust" | "go", Expected>;
}

/**
 * The known differences between the three builds (examples/conformance/README.md): they come
 * from the languages and their SDKs, not from the host, which hands all three the same bytes.
 */
export function differences(): Difference[] {
  // "h", a truncated 3-byte sequence, " ", a byte that is never UTF-8, "!".
  const invalid = new Uint8Array([0x68, 0xe2, 0x82, 0x20, 0xff, 0x21]);
  const rustText = "h\uFFFD \uFFFD!";
  const goText = "h\uFFFD\uFFFD \uFFFD!";
  return [
    {
      name: "upper-casing: Go maps rune by rune (ß stays), Rust and AssemblyScript expand ß to SS",
      path: "/chain",
      init: { method: "POST", body: "straße" },
      expect: {
        ts: ok("HELLO STRASSE! | STRASSE!"),
        rust: ok("HELLO STRASSE! | STRASSE!"),
        go: ok("HELLO STRAßE! | STRAßE!"),
      },
    },
    {
      name: "invalid UTF-8 as text: AssemblyScript's decoder does not validate, Rust " +
        "replaces maximal subparts (and the crate's req::state drops the value), Go each byte",
      path: "/inspect/a",
      init: { method: "POST", body: invalid },
      expect: {
        ts: inspectedPost("h\u20A0", "hello h\u20A0"),
        rust: inspectedPost(rustText, ""),
        go: inspectedPost(goText, `hello ${goText}`),
      },
    },
  ];
}
