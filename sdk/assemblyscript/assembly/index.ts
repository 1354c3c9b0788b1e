// @stratos/runnable: the AssemblyScript SDK for Stratos (and Atmo v0.4.7) Runnables.
//
//   import { Output, request, response, log, http, graphql, cache, db, file, util }
//     from "@stratos/runnable";   // or a relative path to sdk/assemblyscript/assembly
//
// See README.md for the entry-point convention (src/index.ts + src/lib.ts) and compiler flags.

import * as cache from "./cache";
import * as db from "./db";
import * as env from "./env";
import * as file from "./file";
import * as graphql from "./graphql";
import * as http from "./http";
import * as log from "./log";
import * as request from "./request";
import * as response from "./response";
import * as util from "./util";

export { cache, db, env, file, graphql, http, log, request, response, util };
export { ffiResult, HostError, ident, lastError, Result, setIdent } from "./ffi";
export { FieldType } from "./request";
export { Method } from "./http";
export { QueryArg, QueryType } from "./db";
export { Level } from "./log";
export {
  allocate,
  deallocate,
  handle,
  Output,
  returnError,
  returnOutput,
  returnResult,
} from "./runnable";
export { abort, seed, trace } from "./hooks";
