import assert from "node:assert/strict";
import type { CallableFn, Step } from "../directive/types.ts";
import type { InvokeResult } from "../request/invoke_result.ts";
import { CoordinatedRequest } from "../request/request.ts";
import { RequestTrace } from "../observe/trace.ts";
import { type Invoke, SequenceExecutor } from "./sequence.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function fn(name: string, extra: Partial<CallableFn> = {}): CallableFn {
  return { fn: name, fqfn: name, ...extra };
}

/** A fake runner: each "module" is a function of the state it sees. */
function fake(
  modules: Record<string, (state: Map<string, Uint8Array>) => Partial<InvokeResult>>,
  async = false,
): { invoke: Invoke; seen: Record<string, string[]> } {
  const seen: Record<string, string[]> = {};
  const invoke: Invoke = (fqfn, _req, state) => {
    seen[fqfn] = [...state.keys()];
    const result = { respHeaders: new Map(), ...modules[fqfn](state) };
    return async ? Promise.resolve(result) : result;
  };
  return { invoke, seen };
}

const out = (s: string) => ({ output: enc.encode(s) });
const text = (state: Map<string, Uint8Array>, key: string) => dec.decode(state.get(key));

for (const async of [false, true]) {
  const mode = async ? "async" : "sync";

  Deno.test(`SequenceExecutor (${mode}) - last fn result is the response; as/with map state`, async () => {
    const { invoke, seen } = fake({
      a: () => out("A"),
      b: (s) => out(`B(${text(s, "x")})`),
    }, async);
    const req = new CoordinatedRequest({ method: "GET", url: "/" });
    const steps: Step[] = [fn("a", { as: "first" }), fn("b", { with: { x: "first" } })];
    const outcome = await new SequenceExecutor(invoke).run(steps, req);
    assert.equal(outcome.status, 200);
    assert.equal(dec.decode(outcome.body), "B(A)");
    // `with` hides the aliased source key and shows the alias.
    assert.deepEqual(seen.b, ["x"]);
    assert.equal(text(req.state, "first"), "A");
    assert.equal(text(req.state, "b"), "B(A)");
  });

  Deno.test(`SequenceExecutor (${mode}) - group members run, apply their own with, and response picks a key`, async () => {
    const { invoke, seen } = fake({
      a: () => out("A"),
      g1: (s) => out(`g1:${text(s, "in")}`),
      g2: () => out("g2"),
    }, async);
    const req = new CoordinatedRequest({ method: "GET", url: "/" });
    const steps: Step[] = [fn("a"), { group: [fn("g1", { with: { in: "a" } }), fn("g2")] }];
    const outcome = await new SequenceExecutor(invoke).run(steps, req, "g1");
    assert.equal(dec.decode(outcome.body), "g1:A");
    assert.deepEqual(seen.g1, ["in"]);
    assert.deepEqual(seen.g2, ["a"]);
    const noResponse = await new SequenceExecutor(invoke).run(
      steps,
      new CoordinatedRequest({ method: "GET", url: "/" }),
    );
    assert.equal(noResponse.body.length, 0, "a final group without response gives an empty body");
  });

  Deno.test(`SequenceExecutor (${mode}) - errors: return maps the status, continue stores the error JSON`, async () => {
    const { invoke } = fake({
      missing: () => ({ runErr: { code: 404, message: "not found" } }),
      weird: () => ({ runErr: { code: -1, message: "abort" } }),
      after: (s) => out(`after:${text(s, "missing")}`),
      trap: () => ({ failure: "wasm execution error: boom" }),
    }, async);
    const exec = new SequenceExecutor(invoke);
    const returned = await exec.run(
      [fn("missing"), fn("after")],
      new CoordinatedRequest({ method: "GET", url: "/" }),
    );
    assert.equal(returned.status, 404);
    assert.deepEqual(JSON.parse(dec.decode(returned.body)), { status: 404, message: "not found" });

    const continued = await exec.run(
      [fn("missing", { onErr: { code: { 404: "continue" } } }), fn("after")],
      new CoordinatedRequest({ method: "GET", url: "/" }),
    );
    assert.equal(continued.status, 200);
    assert.equal(dec.decode(continued.body), 'after:{"code":404,"message":"not found"}');

    const outOfRange = await exec.run(
      [fn("weird")],
      new CoordinatedRequest({ method: "GET", url: "/" }),
    );
    assert.equal(outOfRange.status, 500);
    assert.deepEqual(JSON.parse(dec.decode(outOfRange.body)), { status: 500, message: "abort" });

    const trapped = await exec.run(
      [fn("trap", { onErr: { any: "continue" } })],
      new CoordinatedRequest({ method: "GET", url: "/" }),
    );
    assert.equal(trapped.status, 500, "a trap is never continued");
  });

  Deno.test(`SequenceExecutor (${mode}) - with on a missing key fails with Atmo's message`, async () => {
    const { invoke } = fake({ a: () => out("A") }, async);
    const outcome = await new SequenceExecutor(invoke).run(
      [fn("a", { with: { x: "nope" } })],
      new CoordinatedRequest({ method: "GET", url: "/" }),
    );
    assert.equal(outcome.status, 500);
    assert.match(
      dec.decode(outcome.body),
      /failed to build desired state, nope does not exists in handler state/,
    );
  });

  Deno.test(`SequenceExecutor (${mode}) - response headers are collected from every step`, async () => {
    const { invoke } = fake({
      a: () => ({ ...out("A"), respHeaders: new Map([["x-a", "1"]]) }),
      b: () => ({ ...out("B"), respHeaders: new Map([["x-b", "2"]]) }),
    }, async);
    const req = new CoordinatedRequest({ method: "GET", url: "/" });
    await new SequenceExecutor(invoke).run([fn("a"), fn("b")], req);
    assert.deepEqual([...req.respHeaders], [["x-a", "1"], ["x-b", "2"]]);
  });
}

Deno.test("SequenceExecutor - a group that outlives its timeout fails with 'fn group timed out'", async () => {
  const never: Invoke = () => new Promise(() => {});
  const outcome = await new SequenceExecutor(never, { groupTimeoutMs: 20 }).run(
    [{ group: [fn("slow")] }],
    new CoordinatedRequest({ method: "GET", url: "/" }),
  );
  assert.equal(outcome.status, 500);
  assert.match(new TextDecoder().decode(outcome.body), /fn group timed out/);
});

/** A `POST /x` request with a trace, as a listener or an exporter makes it. */
function tracedRequest(): CoordinatedRequest & { trace: RequestTrace } {
  const req = new CoordinatedRequest({ method: "POST", url: "/x" });
  req.trace = new RequestTrace({
    kind: "http",
    name: "POST /x",
    role: "server",
    requestId: req.id,
    attributes: {},
  });
  return req as CoordinatedRequest & { trace: RequestTrace };
}

for (const async of [false, true]) {
  Deno.test(`SequenceExecutor (${async ? "async" : "sync"}) - a traced request records a span per step and group member, handed to the invocation`, async () => {
    const spans: Record<string, string | undefined> = {};
    const invoke: Invoke = (fqfn, _req, _state, span) => {
      spans[fqfn] = span?.name;
      const result: InvokeResult = fqfn === "g2"
        ? { runErr: { code: 404, message: "no planet" }, respHeaders: new Map() }
        : { output: enc.encode(fqfn), respHeaders: new Map() };
      return async ? Promise.resolve(result) : result;
    };
    const req = tracedRequest();
    const steps: Step[] = [
      fn("a"),
      { group: [fn("g1"), fn("g2", { onErr: { any: "continue" } })] },
      fn("b"),
    ];
    const outcome = await new SequenceExecutor(invoke).run(steps, req);
    assert.equal(dec.decode(outcome.body), "b");
    assert.deepEqual(spans, { a: "a", g1: "g1", g2: "g2", b: "b" });
    const root = req.trace.finish(200, {}).root;
    assert.deepEqual(root.children.map((s) => s.name), ["a", "group", "b"]);
    const group = root.children[1];
    assert.deepEqual(group.children.map((s) => [s.name, s.attributes["stratos.outcome"]]), [
      ["g1", "ok"],
      ["g2", "error"],
    ]);
    assert.equal(group.children[1].attributes["stratos.error_code"], 404);
    assert.equal(group.children[1].error, "no planet");
    assert.equal(group.attributes["stratos.outcome"], "ok");
    assert.equal(root.children[0].attributes["stratos.fqfn"], "a");
    assert.ok(root.children.every((s) => s.durationMs >= 0), "every step span ended");
  });

  Deno.test(`SequenceExecutor (${async ? "async" : "sync"}) - a traced failing step ends its span failed and the group's too`, async () => {
    const invoke: Invoke = () => {
      const result: InvokeResult = {
        failure: "wasm execution error: trap",
        respHeaders: new Map(),
      };
      return async ? Promise.resolve(result) : result;
    };
    const req = tracedRequest();
    const outcome = await new SequenceExecutor(invoke).run([{ group: [fn("g1")] }], req);
    assert.equal(outcome.status, 500);
    const group = req.trace.finish(500, {}).root.children[0];
    assert.equal(group.error, "wasm execution error: trap");
    assert.equal(group.children[0].attributes["stratos.outcome"], "failure");
  });
}
