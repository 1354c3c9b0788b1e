/**
 * What a language brings to `stratos new`: the files of a Runnable folder, and what the app
 * folder needs for Runnables of that language.
 *
 * @module
 */

/** A language's templates. */
export interface LanguageTemplate {
  /** The `lang` of `.runnable.yaml`. */
  readonly lang: "assemblyscript" | "rust" | "go";
  /** The `apiVersion` of `.runnable.yaml`: the version of the SDK's API. */
  readonly apiVersion: string;
  /** Lines of the app's `.gitignore` for this language's build files. */
  readonly ignore: readonly string[];
  /**
   * The files of the Runnable `name` besides `.runnable.yaml`, by path relative to its folder.
   * It answers `"hello " + the input`.
   */
  runnable(name: string): Record<string, string>;
  /**
   * Adds to the app folder `appDir` (named `appName`) what Runnables of this language need
   * there, if it is missing.
   *
   * @returns the files written or changed, relative to the app folder
   */
  prepareApp(appDir: string, appName: string): Promise<string[]>;
}

/** The `.runnable.yaml` of a Runnable (Subo's layout). */
export function runnableSpec(name: string, template: LanguageTemplate): string {
  return `name: ${name}\nnamespace: default\nlang: ${template.lang}\n` +
    `apiVersion: ${template.apiVersion}\n`;
}
