/**
 * End-to-end: the Go SDK's request and response packages on Stratos: every request field type
 * (Meta, Body, Header, Params, State, Query) read and written, state carried across steps with
 * `as` and `with`, and response headers.
 */

import assert from "node:assert/strict";
import { errorBody, handler, HAS_GO, PROBE_HANDLER, probeCall, withGoApp } from "./support.ts";

const DIRECTIVE = "handlers:\n" + PROBE_HANDLER +
  // A probe operation, then inspect shows what the next step sees.
  handler("POST", "/then-inspect/:op/:name", "fn: probe\nas: ignored", "fn: inspect") +
  // State: hello's output under `as`, renamed by `with`, and a value set by a step.
  handler(
    "POST",
    "/state/:op",
    "fn: hello\nas: greeting",
    "fn: probe\nas: first",
    "fn: probe",
  ) +
  handler(
    "POST",
    "/with/:op",
    "fn: hello\nas: greeting",
    "fn: probe\nwith:\n  text: greeting",
  ) +
  handler("GET", "/files/:op/*path", "fn: probe") +
  handler("POST", "/headers/:op", "fn: probe\nas: first", "fn: hello");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

Deno.test({
  name: "go sdk - request fields of every type, state and response headers",
  ignore: !HAS_GO,
  async fn(t) {
    await withGoApp(
      { directive: DIRECTIVE, probe: true, examples: ["hello", "inspect"] },
      async (app) => {
        await t.step(
          "Meta: method, url, id and the raw body, which is also the input",
          async () => {
            const body = "raw \u00e9 body";
            const res = await probeCall(app, "meta?x=1", body);
            const fields = Object.fromEntries(
              res.text.split("\n").map((line) => line.split(/=(.*)/s).slice(0, 2)),
            );
            assert.equal(fields.method, "POST");
            assert.equal(fields.url, "/probe/meta?x=1");
            assert.match(fields.id, UUID);
            assert.equal(fields.body, body);
            assert.equal(fields.raw, body);
            assert.equal(fields.input, body);
          },
        );

        await t.step("Meta setters change the method, URL and body for the next step", async () => {
          const res = await app.request("/then-inspect/set-meta/ada?lang=en", {
            method: "POST",
            body: '{"message":"old"}',
          });
          assert.equal(res.status, 200);
          const seen = JSON.parse(res.text);
          assert.equal(seen.method, "PUT");
          assert.equal(seen.url, "/changed/by-probe?lang=fr");
          assert.equal(seen.lang, "fr", "query parameters follow the new URL");
          assert.equal(seen.message, "new body");
          assert.equal(seen.name, "ada", "URL parameters are not re-routed");
        });

        await t.step(
          "Body fields: strings, missing keys, empty bodies and other types",
          async () => {
            const json = JSON.stringify({ message: "hi", n: 4, list: ["a"] });
            assert.equal((await probeCall(app, "body-field?key=message", json)).text, "hi");
            assert.equal((await probeCall(app, "body-field?key=missing", json)).text, "");
            assert.equal((await probeCall(app, "body-field?key=message", "")).text, "");
            const number = await probeCall(app, "body-field?key=n", json);
            assert.equal(number.status, 422);
            assert.equal(errorBody(number.text).message, "request body value n is not a string");
          },
        );

        await t.step("Query parameters cannot be set", async () => {
          assert.equal((await probeCall(app, "set-query")).text, "error: invalid field type");
        });

        await t.step("URL parameters, with a catch-all's leading slash", async () => {
          assert.equal((await app.request("/files/param/a/b.txt?key=op")).text, "param");
          assert.equal((await app.request("/files/param/a/b.txt?key=path")).text, "/a/b.txt");
          assert.equal((await app.request("/files/param/a?key=missing")).text, "");
        });

        await t.step(
          "State: as stores a step's output, a step's SetState is seen later",
          async () => {
            const res = await app.request("/state/state?keys=greeting,probe,first,missing", {
              method: "POST",
              body: "bytes \u0000\u00ff",
            });
            assert.equal(res.status, 200);
            assert.equal(
              res.text,
              [
                `greeting="hello bytes \\x00ÿ"`,
                `probe="set by probe"`,
                // The first probe's own output, stored under `as: first`.
                `first="greeting=\\"hello bytes \\\\x00ÿ\\"\\nprobe=\\"\\"\\nfirst=\\"\\"\\nmissing=\\"\\""`,
                `missing=""`,
              ].join("\n"),
            );
          },
        );

        await t.step("with: the step sees only the names it asks for", async () => {
          const res = await app.request("/with/state?keys=text,greeting", {
            method: "POST",
            body: "world",
          });
          assert.equal(res.text, `text="hello world"\ngreeting=""`);
        });

        await t.step("response headers and Content-Type", async () => {
          const res = await probeCall(app, "headers?name=X-Planet&value=mars");
          assert.equal(res.status, 200);
          assert.equal(res.headers.get("x-planet"), "mars");
          assert.equal(res.headers.get("content-type"), "text/x-probe");
          const later = await app.request("/headers/headers?name=X-Step&value=1", {
            method: "POST",
            body: "w",
          });
          assert.equal(later.text, "hello w");
          assert.equal(later.headers.get("x-step"), "1", "a header set by an earlier step stays");
        });

        await t.step("request headers are read case-insensitively", async () => {
          const res = await app.request("/then-inspect/echo/x", {
            method: "POST",
            headers: { "x-greeting": "lower" },
          });
          assert.equal(JSON.parse(res.text).greeting, "lower");
        });
      },
    );
  },
});
