/**
 * What the router of the HTTP plugin routes to.
 *
 * @module
 */

import type { Connection } from "./connections.ts";
import type { Exchange } from "./exchange.ts";

/**
 * Answers one routed request; `uri` is path + query, `params` the router params, `conn` the
 * connection it came on, `exchange` what the server knows of the request.
 */
export type Route = (
  request: Request,
  uri: string,
  params: Record<string, string>,
  conn: Connection,
  exchange: Exchange,
) => Response | Promise<Response>;
