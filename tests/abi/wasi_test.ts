import assert from "node:assert/strict";
import {
  emit,
  expectModuleError,
  FLUSH,
  fqfn,
  Guest,
  Harness,
  Out,
  TRAP,
  words,
} from "./harness.ts";

/** A guest whose run_e writes `text` to WASI file descriptor `fd`, emitting errno and nwritten. */
function writer(writes: [number, string][]): Guest {
  const g = new Guest();
  const nwritten = g.place(words(-1)).ptr;
  g.run(
    ...writes.flatMap(([fd, text]) => {
      const data = g.place(text);
      const iov = g.place(words(data.ptr, data.len)).ptr;
      return [
        emit(
          `(call $fd_write (i32.const ${fd}) (i32.const ${iov}) (i32.const 1) (i32.const ${nwritten}))`,
        ),
        emit(`(i32.load (i32.const ${nwritten}))`),
      ];
    }),
    FLUSH,
  );
  return g;
}

/** A guest exporting `fields` whose run_e emits the listed globals. */
function reporter(globals: string[], ...fields: string[]): Guest {
  return new Guest()
    .field(...globals.map((name) => `(global $${name} (mut i32) (i32.const 0))`), ...fields)
    .run(...globals.map((name) => emit(`(global.get $${name})`)), FLUSH);
}

const bump = (name: string) =>
  `(global.set $seq (i32.add (global.get $seq) (i32.const 1))) (global.set $${name} (global.get $seq))`;

Deno.test("WASI fd_write - stdout lines are logged at info, stderr lines at warn", async () => {
  const h = new Harness();
  const out = Out.of(
    await h.run(writer([[1, "hello stdout\nsecond line\n"], [2, "oops on stderr\n"]]), undefined),
  );
  assert.deepEqual([out.i32(), out.i32(), out.i32(), out.i32()], [0, 25, 0, 15]);
  out.end();
  const lines = h.logs().filter((l) => "stream" in l);
  assert.deepEqual(lines.map((l) => [l.level, l.stream, l.msg]), [
    ["info", "stdout", "hello stdout"],
    ["info", "stdout", "second line"],
    ["warn", "stderr", "oops on stderr"],
  ]);
  assert.ok(lines.every((l) => l.module === fqfn("guest")));
});

Deno.test("WASI fd_write - output without a final newline is logged when the invocation ends", async () => {
  const h = new Harness();
  await h.run(writer([[1, "no newline"], [1, " yet"]]), undefined);
  const lines = h.logs().filter((l) => "stream" in l);
  assert.deepEqual(lines.map((l) => l.msg), ["no newline yet"]);
});

Deno.test("WASI fd_write - stdin and unknown descriptors are refused with an errno", async () => {
  const h = new Harness();
  const out = Out.of(await h.run(writer([[0, "x\n"], [9, "y\n"]])));
  const [errno0, , errno9] = [out.i32(), out.i32(), out.i32()];
  assert.notEqual(errno0, 0);
  assert.notEqual(errno9, 0);
  assert.equal(h.logs().filter((l) => "stream" in l).length, 0);
});

Deno.test("WASI proc_exit(0) in _start - the module loads and runs", async () => {
  const h = new Harness();
  const g = reporter(
    ["started"],
    `(func (export "_start") (global.set $started (i32.const 1)) (call $proc_exit (i32.const 0)) ${TRAP})`,
  );
  const out = Out.of(await h.run(g));
  assert.equal(out.i32(), 1);
  out.end();
});

Deno.test("WASI proc_exit(3) in _start - ModuleError naming the module", async () => {
  const h = new Harness();
  const g = reporter([], `(func (export "_start") (call $proc_exit (i32.const 3)))`);
  await expectModuleError(h.load(g, "exiter"), "exiter", "_start", "3");
});

Deno.test("_start then init - each called once per instance, in that order", async () => {
  const h = new Harness({ maxUses: 2 });
  const g = reporter(
    ["seq", "start_at", "init_at"],
    `(func (export "_start") ${bump("start_at")})`,
    `(func (export "init") ${bump("init_at")})`,
  );
  const mod = await h.load(g);
  // Four invocations over two instances (maxUses 2): every instance reports seq 2, _start first.
  for (let i = 0; i < 4; i++) {
    const out = Out.of(await h.invoke(mod));
    assert.deepEqual([out.i32(), out.i32(), out.i32()], [2, 1, 2], `invocation ${i}`);
  }
});

Deno.test("init alone - called once per instance", async () => {
  const h = new Harness();
  const g = reporter(["seq", "init_at"], `(func (export "init") ${bump("init_at")})`);
  const mod = await h.load(g);
  for (let i = 0; i < 2; i++) {
    const out = Out.of(await h.invoke(mod));
    assert.deepEqual([out.i32(), out.i32()], [1, 1], `invocation ${i}`);
  }
});

Deno.test("_initialize is preferred over _start when both exist; init still follows", async () => {
  const h = new Harness();
  const g = reporter(
    ["seq", "initialize_at", "start_at", "init_at"],
    `(func (export "_initialize") ${bump("initialize_at")})`,
    `(func (export "_start") ${bump("start_at")})`,
    `(func (export "init") ${bump("init_at")})`,
  );
  const out = Out.of(await h.run(g));
  assert.deepEqual([out.i32(), out.i32(), out.i32(), out.i32()], [2, 1, 0, 2]);
});

Deno.test("a trapping _start or init - ModuleError naming the module and the export", async () => {
  const h = new Harness();
  await expectModuleError(
    h.load(reporter([], `(func (export "_start") ${TRAP})`), "badstart"),
    "badstart",
    "_start",
  );
  await expectModuleError(
    h.load(reporter([], `(func (export "init") ${TRAP})`), "badinit"),
    "badinit",
    "'init'",
  );
});
