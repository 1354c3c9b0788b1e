/**
 * One pool per process with several isolates (`--workers`): a replica isolate's queries run on
 * the primary's backend, over the isolate link, so the process holds one pool, reaches the
 * database once, and reports one `database` health check.
 *
 * @module
 */

import type { DBQuery, IsolateLink } from "../../plugin.ts";
import type { DatabaseBackend, QueryResult } from "../../capabilities/db/backend.ts";

/** The link topic the primary's database backend answers. */
export const DB_TOPIC = "sql.run";

/** A query a replica asks the primary to run. */
interface RunRequest {
  query: DBQuery;
  values: readonly string[];
}

/** Answers replicas' queries with the primary's `backend`. */
export function serveQueries(link: IsolateLink, backend: DatabaseBackend): void {
  link.serve(DB_TOPIC, (payload) => {
    const { query, values } = payload as RunRequest;
    return backend.run(query, values);
  });
}

/** A replica's backend: every query runs on the primary's pool. */
export function linkedBackend(link: IsolateLink, name: string): DatabaseBackend {
  return {
    name,
    async run(query, values) {
      const request: RunRequest = { query, values };
      return await link.request(DB_TOPIC, request) as QueryResult;
    },
  };
}
