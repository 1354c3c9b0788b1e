import assert from "node:assert/strict";
import {
  decode,
  emit,
  encode,
  exec,
  expectFailure,
  FLUSH,
  Guest,
  Harness,
  host,
  Out,
  swift,
  TRAP,
} from "./harness.ts";

Deno.test("return_result - the output is exactly the bytes in guest memory", async () => {
  const h = new Harness();
  const g = new Guest();
  const bytes = new Uint8Array([0, 1, 0x7f, 0x80, 0xff, 0x22, 0x5c, 0x0a, 0]);
  const result = await h.run(g.run(exec("return_result", g.str(bytes))));
  assert.deepEqual(result.output, bytes);
  assert.equal(result.runErr, undefined);
  assert.equal(result.failure, undefined);
});

Deno.test("return_result - echoes the input the host copied to allocate's pointer", async () => {
  const h = new Harness();
  const mod = await h.load(
    new Guest().run(exec("return_result", "(local.get $ptr)", "(local.get $len)")),
  );
  const body = "héllo, wörld \u{1F600}";
  assert.equal(decode((await h.invoke(mod, { body })).output!), body);
  assert.deepEqual((await h.invoke(mod, { body: "" })).output, new Uint8Array(0));
});

Deno.test("return_result - the empty result is an empty output, not no output", async () => {
  const h = new Harness();
  const result = await h.run(new Guest().run(exec("return_result", 0, 0)));
  assert.deepEqual(result.output, new Uint8Array(0));
});

Deno.test("return_error - reports the code and the message", async () => {
  const h = new Harness();
  const g = new Guest();
  const result = await h.run(g.run(exec("return_error", 404, g.str("not here: ünïcode"))));
  assert.deepEqual(result.runErr, { code: 404, message: "not here: ünïcode" });
  assert.equal(result.output, undefined);
  assert.equal(result.failure, undefined);
});

Deno.test("return_error - negative and zero codes are passed through", async () => {
  const h = new Harness();
  for (const code of [0, -7]) {
    const g = new Guest();
    const result = await h.run(g.run(exec("return_error", code, g.str("x"))));
    assert.deepEqual(result.runErr, { code, message: "x" });
  }
});

Deno.test("return_abort - Atmo's exact message with code -1", async () => {
  const h = new Harness();
  const g = new Guest();
  const result = await h.run(
    g.run(exec("return_abort", g.str("index out of range"), g.str("assembly/index.ts"), 42, 7)),
  );
  assert.deepEqual(result.runErr, {
    code: -1,
    message: "runnable abort: index out of range; file: assembly/index.ts, line: 42, col: 7",
  });
  assert.equal(result.output, undefined);
});

Deno.test("return_abort - a RunErr reported before a trap wins over the trap", async () => {
  const h = new Harness();
  const g = new Guest();
  const mod = await h.load(g.run(exec("return_abort", g.str("boom"), g.str("a.ts"), 1, 2), TRAP));
  const result = await h.invoke(mod);
  assert.deepEqual(result.runErr, {
    code: -1,
    message: "runnable abort: boom; file: a.ts, line: 1, col: 2",
  });
  assert.equal(result.failure, undefined);
  // The trapped instance was still replaced: the next invocation runs on a fresh one.
  assert.equal(h.runner.stats().get(mod.info.fqfn)?.failures, 1);
});

Deno.test("return_error - a RunErr reported before a trap wins over the trap", async () => {
  const h = new Harness();
  const g = new Guest();
  const result = await h.run(g.run(exec("return_error", 503, g.str("down")), TRAP));
  assert.deepEqual(result.runErr, { code: 503, message: "down" });
  assert.equal(result.failure, undefined);
});

Deno.test("return_result - an output reported before a trap does not hide the trap", async () => {
  const h = new Harness();
  const g = new Guest();
  const result = await h.run(g.run(exec("return_result", g.str("partial")), TRAP));
  expectFailure(result, "unreachable");
});

Deno.test("no result function called - output and runErr are undefined", async () => {
  const h = new Harness();
  const result = await h.run(new Guest().run(emit(1)));
  assert.equal(result.output, undefined);
  assert.equal(result.runErr, undefined);
  assert.equal(result.failure, undefined);
});

Deno.test("result functions called twice - the first one wins and nothing hangs", async () => {
  const h = new Harness();
  const cases: [
    string,
    (g: Guest) => string[],
    (r: Awaited<ReturnType<Harness["invoke"]>>) => void,
  ][] = [
    [
      "result, result",
      (g) => [exec("return_result", g.str("first")), exec("return_result", g.str("second"))],
      (r) => assert.equal(decode(r.output!), "first"),
    ],
    [
      "result, error",
      (g) => [exec("return_result", g.str("first")), exec("return_error", 500, g.str("second"))],
      (r) => {
        assert.equal(decode(r.output!), "first");
        assert.equal(r.runErr, undefined);
      },
    ],
    [
      "error, result",
      (g) => [exec("return_error", 401, g.str("first")), exec("return_result", g.str("second"))],
      (r) => {
        assert.deepEqual(r.runErr, { code: 401, message: "first" });
        assert.equal(r.output, undefined);
      },
    ],
    [
      "error, error",
      (
        g,
      ) => [exec("return_error", 401, g.str("first")), exec("return_error", 402, g.str("second"))],
      (r) => assert.deepEqual(r.runErr, { code: 401, message: "first" }),
    ],
    [
      "error, abort",
      (
        g,
      ) => [
        exec("return_error", 401, g.str("first")),
        exec("return_abort", g.str("m"), g.str("f"), 1, 1),
      ],
      (r) => assert.deepEqual(r.runErr, { code: 401, message: "first" }),
    ],
    [
      "abort, result",
      (
        g,
      ) => [
        exec("return_abort", g.str("m"), g.str("f"), 3, 4),
        exec("return_result", g.str("second")),
      ],
      (r) => {
        assert.deepEqual(r.runErr, {
          code: -1,
          message: "runnable abort: m; file: f, line: 3, col: 4",
        });
        assert.equal(r.output, undefined);
      },
    ],
  ];
  for (const [name, body, check] of cases) {
    const g = new Guest();
    const mod = await h.load(g.run(...body(g), emit(9)), name.replace(", ", "_"));
    check(await h.invoke(mod));
    // The same instance keeps serving.
    check(await h.invoke(mod));
  }
});

Deno.test("return_result_swift - the two extra trailing params are ignored", async () => {
  const h = new Harness();
  const g = new Guest();
  const result = await h.run(g.run(swift("return_result", g.str("from swift"))));
  assert.equal(decode(result.output!), "from swift");
});

Deno.test("return_error_swift and return_abort_swift - same results as the plain names", async () => {
  const h = new Harness();
  const g = new Guest();
  const err = await h.run(g.run(swift("return_error", 418, g.str("teapot"))));
  assert.deepEqual(err.runErr, { code: 418, message: "teapot" });
  const g2 = new Guest();
  const abort = await h.run(g2.run(swift("return_abort", g2.str("m"), g2.str("f"), 5, 6)));
  assert.deepEqual(abort.runErr, {
    code: -1,
    message: "runnable abort: m; file: f, line: 5, col: 6",
  });
});

Deno.test("run_e protocol - input at allocate's pointer, deallocate(ptr, len) after run_e", async () => {
  const h = new Harness();
  // Each invocation reports its input pointer and length, and what the previous invocation's
  // deallocate received.
  const mod = await h.load(
    new Guest().run(
      emit("(local.get $ptr)"),
      emit("(local.get $len)"),
      emit("(global.get $freed_ptr)"),
      emit("(global.get $freed_len)"),
      FLUSH,
    ),
  );
  const first = Out.of(await h.invoke(mod, { body: "abc" }));
  const [ptr, len] = [first.i32(), first.i32()];
  assert.equal(len, 3);
  assert.deepEqual([first.i32(), first.i32()], [-1, -1]);
  const second = Out.of(await h.invoke(mod, { body: "hello" }));
  second.i32();
  assert.equal(second.i32(), 5);
  assert.deepEqual([second.i32(), second.i32()], [ptr, len]);
  second.end();
});

Deno.test("host returns - a guest that calls return_result then keeps calling host functions", async () => {
  const h = new Harness();
  const g = new Guest();
  const result = await h.run(
    g.run(
      exec("return_result", g.str("done")),
      emit(host("cache_set", g.str("k"), g.str("v"), 0)),
    ),
  );
  assert.equal(decode(result.output!), "done");
  assert.deepEqual(h.cache.get("k"), encode("v"));
});
