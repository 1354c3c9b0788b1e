import assert from "node:assert/strict";
import { join } from "node:path";
import { AppFolder } from "./app_folder.ts";
import { stratosError } from "../../tests/support/errors.ts";

/** Runs `fn` with an app folder `app` and a folder `outside` next to it, then removes both. */
async function withFolders(fn: (app: string, outside: string) => Promise<void>): Promise<void> {
  const base = await Deno.makeTempDir({ prefix: "stratos_app_folder_test_" });
  try {
    const app = join(base, "app");
    const outside = join(base, "outside");
    await Deno.mkdir(join(app, "static", "css"), { recursive: true });
    await Deno.mkdir(outside);
    await Deno.writeTextFile(join(app, "inside.txt"), "inside");
    await Deno.writeTextFile(join(outside, "secret.txt"), "secret");
    await fn(app, outside);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
}

const escape = (message: RegExp) => stratosError("STRATOS_ERR_APP_ESCAPE", message);

Deno.test("AppFolder - a link that stays inside resolves to its real path", async () => {
  await withFolders(async (app) => {
    await Deno.symlink("../inside.txt", join(app, "static", "alias.txt"));
    const folder = await AppFolder.open(app);
    const real = await Deno.realPath(join(app, "inside.txt"));
    assert.equal(await folder.resolve(join(app, "static", "alias.txt")), real);
    assert.equal(folder.resolveSync(join(app, "static", "alias.txt")), real);
    assert.equal(new TextDecoder().decode(await folder.read(join(app, "inside.txt"))), "inside");
  });
});

Deno.test("AppFolder - a link leading outside is refused, naming the link and its target", async () => {
  await withFolders(async (app, outside) => {
    const link = join(app, "static", "secret.txt");
    await Deno.symlink(join(outside, "secret.txt"), link);
    const folder = await AppFolder.open(app);
    const real = await Deno.realPath(join(outside, "secret.txt"));
    await assert.rejects(
      folder.read(link),
      stratosError(
        "STRATOS_ERR_APP_ESCAPE",
        `${link} is a symlink to ${join(outside, "secret.txt")}, which resolves to ${real}, ` +
          `outside the app folder ${app} (symlinks may only lead to files inside it)`,
      ),
    );
    assert.equal(folder.resolveSync(link), undefined);
  });
});

Deno.test("AppFolder - a path under a linked folder that leads outside names where it resolves", async () => {
  await withFolders(async (app, outside) => {
    await Deno.symlink(outside, join(app, "out"));
    const folder = await AppFolder.open(app);
    const path = join(app, "out", "secret.txt");
    await assert.rejects(
      folder.resolve(path),
      escape(/out\/secret\.txt resolves to \S+secret\.txt, outside/),
    );
    assert.equal(folder.resolveSync(path), undefined);
  });
});

Deno.test("AppFolder - missing files, dangling and looping links lead nowhere", async () => {
  await withFolders(async (app) => {
    await Deno.symlink(join(app, "gone"), join(app, "dangling"));
    await Deno.symlink(join(app, "loop-b"), join(app, "loop-a"));
    await Deno.symlink(join(app, "loop-a"), join(app, "loop-b"));
    const folder = await AppFolder.open(app);
    for (const name of ["missing", "dangling", "loop-a"]) {
      assert.equal(await folder.resolve(join(app, name)), undefined, name);
      assert.equal(await folder.read(join(app, name)), undefined, name);
      assert.equal(folder.resolveSync(join(app, name)), undefined, name);
    }
  });
});

Deno.test("AppFolder - checkLinks finds an escaping link deep in a tree", async () => {
  await withFolders(async (app) => {
    const folder = await AppFolder.open(app);
    await Deno.symlink("../../inside.txt", join(app, "static", "css", "ok.txt"));
    await folder.checkLinks(join(app, "static"));
    await folder.checkLinks(join(app, "no-such-folder"));
    await Deno.symlink("/", join(app, "static", "css", "root"));
    await assert.rejects(
      folder.checkLinks(join(app, "static")),
      escape(/static\/css\/root is a symlink to \/, which resolves to \/, outside the app folder/),
    );
  });
});

Deno.test("AppFolder - a static folder that is itself a link outside is refused", async () => {
  await withFolders(async (app, outside) => {
    await Deno.remove(join(app, "static"), { recursive: true });
    await Deno.symlink(outside, join(app, "static"));
    const folder = await AppFolder.open(app);
    await assert.rejects(folder.checkLinks(join(app, "static")), escape(/static is a symlink to/));
  });
});
