import assert from "node:assert/strict";
import { goQuote, goUrlParseError } from "./go_url.ts";

Deno.test("addresses Go parses", () => {
  for (
    const url of [
      "nats://localhost:4222",
      "localhost:9092",
      "redis://user:pa%20ss@cache:6379/0",
      "env(NATS_URL)",
      "http://[::1]:8080/x",
      "kafka.internal",
      "*",
      "mailto:a@b",
    ]
  ) {
    assert.equal(goUrlParseError(url), undefined, url);
  }
});

Deno.test("addresses Go rejects, with Go's messages", () => {
  const cases: [string, string][] = [
    ["127.0.0.1:9092", 'parse "127.0.0.1:9092": first path segment in URL cannot contain colon'],
    [":4222", 'parse ":4222": missing protocol scheme'],
    ["nats://host:port", 'parse "nats://host:port": invalid port ":port" after host'],
    ["nats://[::1", `parse "nats://[::1": missing ']' in host`],
    ["nats://a b", 'parse "nats://a b": invalid character " " in host name'],
    ["nats://host/%zz", 'parse "nats://host/%zz": invalid URL escape "%zz"'],
    ["nats://u\\v@host", 'parse "nats://u\\\\v@host": net/url: invalid userinfo'],
    ["nats://host\n", 'parse "nats://host\\n": net/url: invalid control character in URL'],
    ["nats://%41bc", 'parse "nats://%41bc": invalid URL escape "%41"'],
    ["nats://ho%zzst", 'parse "nats://ho%zzst": invalid URL escape "%zz"'],
    ["nats://host#%x", 'parse "nats://host#%x": invalid URL escape "%x"'],
  ];
  for (const [url, message] of cases) assert.equal(goUrlParseError(url), message, url);
});

Deno.test("goQuote escapes like strconv.Quote", () => {
  assert.equal(goQuote('a"b\\c\td\x01'), '"a\\"b\\\\c\\td\\x01"');
});
