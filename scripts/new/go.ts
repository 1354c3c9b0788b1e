/**
 * The Go template: a `main` package on this checkout's Go SDK (sdk/go), in the app's Go module,
 * whose `go.mod` finds the SDK through a `replace` by the SDK's absolute path.
 *
 * @module
 */

import { join } from "node:path";
import { REPO_ROOT } from "../build/mod.ts";
import type { LanguageTemplate } from "./template.ts";

/** The Go SDK's module path. */
export const GO_SDK_MODULE = "github.com/stratos-run/stratos/sdk/go";

/** This checkout's Go SDK. */
export const GO_SDK_DIR: string = join(REPO_ROOT, "sdk", "go");

const MAIN = `package main

import stratos "${GO_SDK_MODULE}"

func init() { stratos.Use(stratos.RunnableFunc(run)) }

// run answers "hello " followed by the input (the request body).
func run(input []byte) ([]byte, error) {
	return append([]byte("hello "), input...), nil
}

// main is required by package main; a reactor's main never runs.
func main() {}
`;

/** The lines of go.mod that require the SDK and find it in this checkout. */
function sdkLines(): string {
  return `require ${GO_SDK_MODULE} v0.0.0\n\nreplace ${GO_SDK_MODULE} => ${GO_SDK_DIR}\n`;
}

/** The Go template. */
export const GO: LanguageTemplate = {
  lang: "go",
  apiVersion: "0.1.0",
  ignore: [],
  runnable: () => ({ "main.go": MAIN }),
  async prepareApp(appDir, appName) {
    const path = join(appDir, "go.mod");
    const current = await Deno.readTextFile(path).catch((error) => {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    });
    if (current === undefined) {
      await Deno.writeTextFile(path, `module ${appName}\n\ngo 1.24\n\n${sdkLines()}`);
    } else if (!current.includes(GO_SDK_MODULE)) {
      await Deno.writeTextFile(path, `${current.trimEnd()}\n\n${sdkLines()}`);
    } else {
      return [];
    }
    return ["go.mod"];
  },
};
