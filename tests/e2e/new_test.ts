/**
 * End-to-end: a developer's loop outside the checkout, with the real launcher `bin/stratos` run
 * from temp folders, as the README's quick start has it: `stratos new` in each language,
 * `build`, `start` answering `POST /hello` with `hello <body>`, `new runnable`, `check`'s exit
 * statuses, `build --bundle` into a missing folder, the SDK installed with npm, and the launcher
 * itself (the pinned Deno found or fetched, signals reaching the server). Each language is built
 * once per run.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { freePort } from "../../bench/process.ts";
import { readUntil, ROOT } from "../support/cli.ts";
import { INSTALL, launch, LAUNCHER, stratos, userEnv } from "../support/launcher.ts";

/** A server started by `stratos start`. */
interface Served {
  child: Deno.ChildProcess;
  port: number;
  /** `POST path` with `body`: status and text. */
  post(path: string, body: string): Promise<{ status: number; text: string }>;
  /** Sends `signal`, waits for the exit; returns the status and asserts the port is free. */
  stop(signal?: Deno.Signal): Promise<number>;
}

/** `stratos start [args] --port N` in `cwd`, once it listens. */
async function serve(cwd: string, args: string[] = []): Promise<Served> {
  const port = freePort();
  const child = launch(
    ["start", ...args, "--port", String(port), "--hostname", "127.0.0.1", "--workers", "1"],
    cwd,
  );
  const { rest } = await readUntil(child, /listening on http:\/\/\S+/);
  return {
    child,
    port,
    async post(path, body) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", body });
      return { status: res.status, text: await res.text() };
    },
    async stop(signal = "SIGTERM") {
      child.kill(signal);
      await rest.cancel();
      await child.stderr.cancel();
      const { code } = await child.status;
      Deno.listen({ hostname: "127.0.0.1", port }).close(); // throws if still held
      return code;
    },
  };
}

async function inTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stratos_new_e2e_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("stratos new (AssemblyScript): build, start, new runnable, check, bundles, npm", async (t) => {
  await inTemp(async (dir) => {
    const app = join(dir, "demo");

    await t.step("new demo writes a ready app folder", async () => {
      const made = await stratos(["new", "demo"], dir);
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stdout, /^created demo\/ \(assemblyscript\): Directive\.yaml, /);
      assert.match(made.stdout, /^ {2}cd demo\n {2}stratos build\n {2}stratos start --port 8080$/m);
    });

    await t.step("cd demo && stratos build && stratos start answers POST /hello", async () => {
      const built = await stratos(["build"], app);
      assert.equal(built.code, 0, built.stderr);
      assert.match(built.stdout, /^hello\/hello\.wasm {2}assemblyscript {2}\d+ bytes {2}written/m);
      const server = await serve(app);
      assert.deepEqual(await server.post("/hello", "world"), { status: 200, text: "hello world" });
      assert.equal(await server.stop(), 0);
    });

    await t.step("new runnable signup adds the Runnable and POST /signup", async () => {
      const added = await stratos(["new", "runnable", "signup"], app);
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /^added the Runnable signup \(assemblyscript\): /);
      assert.equal((await stratos(["build"], app)).code, 0);
      const again = await stratos(["new", "runnable", "signup"], app);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /^error: .*demo\/signup already exists$/m);
    });

    await t.step("dev builds, then serves", async () => {
      await Deno.remove(join(app, "signup", "signup.wasm"));
      const port = freePort();
      const child = launch(["dev", "--port", String(port), "--workers", "1"], app);
      const { text, rest } = await readUntil(child, /listening on http:\/\/\S+/);
      assert.match(text, /^signup\/signup\.wasm {2}assemblyscript {2}\d+ bytes {2}written/m);
      const res = await fetch(`http://127.0.0.1:${port}/signup`, { method: "POST", body: "dev" });
      assert.equal(await res.text(), "hello dev");
      child.kill("SIGTERM");
      await rest.cancel();
      await child.stderr.cancel();
      assert.equal((await child.status).code, 0);
    });

    await t.step(
      "check: 0 when valid, 2 for a misspelt fn (with a hint) and a missing env",
      async () => {
        const ok = await stratos(["check", "--log-level", "off"], app);
        assert.equal(ok.code, 0, ok.stderr);
        assert.equal(ok.stdout, ".: ok\n");
        const directive = join(app, "Directive.yaml");
        const text = await Deno.readTextFile(directive);
        await Deno.writeTextFile(directive, text.replace("- fn: signup", "- fn: sigup"));
        const typo = await stratos(["check"], app);
        assert.equal(typo.code, 2);
        assert.match(
          typo.stderr,
          /Directive\.yaml:\d+:13: handler for POST \/signup lists fn at step 0 that does not exist: sigup \(did you mean 'signup'\?\)/,
        );
        await Deno.writeTextFile(
          directive,
          text.replace(
            "handlers:",
            "connections:\n  redis:\n    serverAddress: env(STRATOS_E2E_UNSET_REDIS)\n\nhandlers:",
          ),
        );
        const unset = await stratos(["check"], app);
        assert.equal(unset.code, 2, "a missing variable is a problem, not a crash (1)");
        assert.match(unset.stdout + unset.stderr, /STRATOS_E2E_UNSET_REDIS is not set/);
        await Deno.writeTextFile(directive, text);
      },
    );

    await t.step("build --bundle into a missing folder, then serve the bundle", async () => {
      const built = await stratos(["build", "--bundle", "out/deep/demo.wasm.zip"], app);
      assert.equal(built.code, 0, built.stderr);
      const bundle = join(app, "out", "deep", "demo.wasm.zip");
      assert.deepEqual(Object.keys(unzipSync(await Deno.readFile(bundle))).sort(), [
        "Directive.yaml",
        "hello.wasm",
        "signup.wasm",
      ]);
      const packed = await stratos(["bundle", ".", "dist/again.wasm.zip"], app);
      assert.equal(packed.code, 0, packed.stderr);
      assert.match(packed.stdout, /^dist\/again\.wasm\.zip {2}bundle {2}\d+ bytes {2}written$/m);
      const server = await serve(dir, [join("demo", "out", "deep", "demo.wasm.zip")]);
      assert.deepEqual(await server.post("/signup", "bob"), { status: 200, text: "hello bob" });
      assert.equal(await server.stop("SIGINT"), 0);
    });

    await t.step(
      "the SDK installed with npm (the documented step) is the one built with",
      async () => {
        const npm = await new Deno.Command("npm", {
          args: ["install", "--offline", "--no-audit", "--no-fund", `${ROOT}sdk/assemblyscript`],
          cwd: app,
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.equal(npm.code, 0, new TextDecoder().decode(npm.stderr));
        const link = await Deno.realPath(join(app, "node_modules", "@stratos", "runnable"));
        assert.equal(link, await Deno.realPath(`${ROOT}sdk/assemblyscript`));
        await Deno.remove(join(app, "hello", "hello.wasm"));
        const built = await stratos(["build"], app);
        assert.equal(built.code, 0, built.stderr);
        const server = await serve(app);
        assert.deepEqual(await server.post("/hello", "npm"), { status: 200, text: "hello npm" });
        assert.equal(await server.stop(), 0);
      },
    );
  });
});

Deno.test("stratos new --lang rust: build (Debian's toolchain, the generated Cargo.lock), start", async () => {
  await inTemp(async (dir) => {
    const app = join(dir, "rdemo");
    assert.equal((await stratos(["new", "rdemo", "--lang", "rust"], dir)).code, 0);
    // A second crate sorts between the locked ones: its lock file must still be cargo's.
    const added = await stratos(["new", "runnable", "signup"], app);
    assert.match(added.stdout, /^added the Runnable signup \(rust\): /);
    const built = await stratos(["build", ...INSTALL], app);
    assert.equal(built.code, 0, built.stderr + built.stdout);
    assert.match(built.stdout, /^hello\/hello\.wasm {2}rust {2}\d+ bytes {2}written/m);
    assert.match(built.stdout, /^signup\/signup\.wasm {2}rust {2}\d+ bytes {2}written/m);
    const server = await serve(app);
    assert.deepEqual(await server.post("/hello", "rust"), { status: 200, text: "hello rust" });
    assert.deepEqual(await server.post("/signup", "ann"), { status: 200, text: "hello ann" });
    assert.equal(await server.stop(), 0);
  });
});

Deno.test("stratos new --lang go: build (go.mod finds sdk/go), start", async () => {
  await inTemp(async (dir) => {
    const app = join(dir, "gdemo");
    const made = await stratos(["new", "gdemo", "--lang", "go"], dir);
    assert.equal(made.code, 0, made.stderr);
    assert.match(await Deno.readTextFile(join(app, "go.mod")), /^replace .* => \/.*\/sdk\/go$/m);
    const built = await stratos(["build"], app);
    assert.equal(built.code, 0, built.stderr + built.stdout);
    const server = await serve(app);
    assert.deepEqual(await server.post("/hello", "gopher"), { status: 200, text: "hello gopher" });
    assert.equal(await server.stop(), 0);
  });
});

Deno.test("bin/stratos - becomes the server: SIGTERM and SIGINT to its pid stop it and free the port", async () => {
  await inTemp(async (dir) => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const server = await serve(dir, [`${ROOT}examples/hello`]);
      // The launcher exec'd Deno: the pid it was started with is the server's.
      const cmdline = await Deno.readTextFile(`/proc/${server.child.pid}/cmdline`);
      assert.match(cmdline.replaceAll("\0", " "), /deno run .* \S*main\.ts start /);
      assert.equal((await server.post("/hello", signal)).text, `hello ${signal}`);
      assert.equal(await server.stop(signal), 0, `${signal}: a clean stop`);
    }
  });
});

Deno.test("bin/stratos - from a link on PATH, fetches the pinned Deno with npx when PATH has another", async () => {
  await inTemp(async (dir) => {
    const bin = join(dir, "bin");
    await Deno.mkdir(bin);
    await Deno.symlink(LAUNCHER, join(bin, "stratos"));
    // A Deno of another version on PATH is not used.
    await Deno.writeTextFile(join(bin, "deno"), "#!/bin/sh\necho 'deno 1.46.0 (fake)'\nexit 3\n");
    await Deno.chmod(join(bin, "deno"), 0o755);
    const denoDir = JSON.parse(
      new TextDecoder().decode(
        (await new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).output()).stdout,
      ),
    ).denoDir;
    // The launcher keeps what npx fetched under XDG_CACHE_HOME; Deno's own cache stays.
    const env = {
      PATH: `${bin}:/usr/bin:/bin`,
      XDG_CACHE_HOME: join(dir, "cache"),
      DENO_DIR: denoDir,
    };
    const first = await new Deno.Command("stratos", {
      args: ["--version"],
      cwd: dir,
      env: userEnv(env),
      clearEnv: true,
    }).output();
    const text = new TextDecoder();
    assert.equal(first.code, 0, text.decode(first.stderr));
    assert.equal(text.decode(first.stdout), "stratos 0.1.0\n");
    const version = (await Deno.readTextFile(`${ROOT}.deno-version`)).trim();
    assert.match(
      text.decode(first.stderr),
      new RegExp(`fetching Deno ${version} with npx \\(once\\)`),
    );
    const kept = (await Deno.readTextFile(join(dir, "cache", "stratos", `deno-${version}.path`)))
      .trim();
    const fetched = await new Deno.Command(kept, { args: ["--version"] }).output();
    assert.match(
      text.decode(fetched.stdout),
      new RegExp(`^deno ${version.replaceAll(".", "\\.")} `),
    );
    const second = await stratos(["help"], dir, env);
    assert.equal(second.code, 0);
    assert.doesNotMatch(second.stderr, /fetching/, "the fetched Deno is kept");
    assert.match(second.stdout, /^Usage: stratos COMMAND/);
    const unknown = await stratos(["biuld"], dir, env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^error: unknown command 'biuld' \(did you mean 'build'\?\)/);
  });
});
