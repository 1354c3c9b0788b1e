/**
 * What the build tools and the test services share: running commands, installing Debian
 * packages, and file-system questions.
 *
 * @module
 */

export { AptBatch, aptInstall, aptInstallArgs, needsAptUpdate } from "./apt.ts";
export {
  CommandError,
  commandError,
  indent,
  isRoot,
  lastLines,
  run,
  runOk,
  type RunOptions,
  type RunResult,
} from "./command.ts";
export { exists } from "./fs.ts";
