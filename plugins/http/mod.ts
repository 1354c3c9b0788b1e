/**
 * The HTTP source: serves the Directive's request handlers and WebSocket stream handlers (or,
 * in headless mode, every Runnable), `GET /health`, `GET /meta/metrics`, `GET /metrics`
 * (Prometheus) and, when enabled, the console at `/_stratos/`, with httprouter routing (404, 405
 * with `Allow`, trailing-slash redirects), a request body limit (413), a body that must arrive
 * within the handler's time limit (408), and limits on connections (see connections.ts). Every
 * response carries `X-Request-Id`, and every request is one access log line (exchange.ts).
 *
 * @module
 */

import {
  type CoordinatedRequest,
  definePlugin,
  InFlight,
  type PluginContext,
  REQUEST_ID_HEADER,
  Router,
  type SequenceOutcome,
  type Step,
  StratosError,
  type Work,
} from "../../plugin.ts";
import { BodyTimeoutError, type Connection } from "./connections.ts";
import { addConsoleRoutes, type ConsoleHooks, startConsole } from "./console/mod.ts";
import { Exchange } from "./exchange.ts";
import { applyHeadlessHeaders, HeadlessHeaderError, headlessResponseHeaders } from "./headless.ts";
import { healthResponse, metricsResponder } from "./meta.ts";
import { CONNECTIONS_REFUSED, prometheusResponse } from "./metrics.ts";
import { BodyTooLargeError, coordinatedRequest, readBody, requestTarget } from "./read_request.ts";
import { errorResponse, outcomeResponse } from "./respond.ts";
import type { Route } from "./route.ts";
import { type HttpServer, startServer } from "./server.ts";
import { closeSockets, type SocketSet, websocketRoute } from "./websocket.ts";

/** Service name under which the plugin publishes the address it listens on. */
export const HTTP_ADDRESS_SERVICE = "http.address";

/** The address the server listens on. */
export interface HttpAddress {
  /** Host name or IP. */
  hostname: string;
  /** Port (the real one when 0 was asked for). */
  port: number;
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
}

/**
 * Builds the router: meta routes (the console's when `liveConsole` is given), then request handlers
 * and WebSocket stream handlers (or, in headless mode, one route per Runnable). Upgraded sockets
 * are tracked in `sockets`.
 */
export function buildRouter(
  ctx: PluginContext,
  sockets: SocketSet = new Set(),
  liveConsole?: ConsoleHooks,
): Router<Route> {
  const router = new Router<Route>();
  const metrics = metricsResponder(ctx);
  router.add("GET", "/health", () => healthResponse(ctx));
  router.add("GET", "/meta/metrics", metrics);
  router.add("GET", "/metrics", () => prometheusResponse(ctx));
  if (liveConsole) addConsoleRoutes(router, ctx, liveConsole);
  if (ctx.options.headless) {
    for (const runnable of ctx.directive.runnables) {
      const steps: Step[] = [{ fn: runnable.fqfn, fqfn: runnable.fqfn }];
      router.add(
        "POST",
        runnable.fqfnUri!,
        sequenceRoute(ctx, steps, undefined, true, httpWork(ctx, "POST", runnable.fqfnUri!)),
      );
    }
    return router;
  }
  for (const handler of ctx.handlers("request")) {
    const work = httpWork(ctx, handler.method!, handler.resource);
    router.add(
      handler.method!,
      handler.resource,
      sequenceRoute(ctx, handler.steps, handler.response, false, work, handler.timeout),
    );
  }
  for (const handler of ctx.handlers("server")) {
    router.add("GET", handler.resource, websocketRoute(ctx, handler, sockets));
  }
  return router;
}

/** The metrics and traces of the handler of `method` `resource`. */
function httpWork(ctx: PluginContext, method: string, resource: string) {
  return ctx.telemetry.work("http", `${method} ${resource}`, { method, handler: resource }, {
    "http.request.method": method,
    "http.route": resource,
    "stratos.handler": resource,
  });
}

function sequenceRoute(
  ctx: PluginContext,
  steps: Step[],
  response: string | undefined,
  headless: boolean,
  work: Work,
  timeoutSeconds?: number,
): Route {
  const limit = ctx.options.maxBodyBytes;
  const timeoutMs = timeoutSeconds === undefined ? ctx.options.timeoutMs : timeoutSeconds * 1000;
  // Plain `then` chains instead of async functions: every await is a trip through the
  // microtask queue, and this is the hot path. The time limit runs from the request's arrival:
  // reading the body and the steps share it.
  return (request, uri, params, conn, exchange) => {
    const deadline = exchange.arrived + timeoutMs;
    exchange.work = work;
    exchange.started = work.start(exchange.arrived);
    return conn.within(readBody(request, limit), deadline, timeoutMs).then((body) => {
      const coordinated = coordinatedRequest(request, uri, body, params, exchange.id);
      coordinated.deadline = deadline;
      exchange.request = coordinated;
      work.trace(coordinated, request.headers);
      if (headless) applyHeadlessHeaders(request, coordinated);
      const outcome = ctx.execute(steps, coordinated, response);
      return outcome instanceof Promise
        ? outcome.then((o) => respond(o, coordinated, exchange, headless))
        : respond(outcome, coordinated, exchange, headless);
    });
  };
}

function respond(
  outcome: SequenceOutcome,
  request: CoordinatedRequest,
  exchange: Exchange,
  headless: boolean,
): Response {
  exchange.error = outcome.error;
  // The request id goes in with the other headers: setting it on the finished response would
  // make Deno validate and copy the header list a second time.
  exchange.identified = true;
  const extra = headless ? headlessResponseHeaders(request.id) : {};
  extra[REQUEST_ID_HEADER] = exchange.id;
  return outcomeResponse(outcome, request.respHeaders, extra);
}

/** Routes a request and turns routing and reading failures into HTTP errors. */
export function handle(
  ctx: PluginContext,
  router: Router<Route>,
  request: Request,
  conn: Connection,
  exchange: Exchange = new Exchange(request),
): Response | Promise<Response> {
  const { uri, path: rawPath } = requestTarget(request.url);
  let path = rawPath;
  if (path.includes("%")) {
    try {
      path = decodeURIComponent(path);
    } catch {
      return errorResponse(400, "malformed URL path");
    }
  }
  const match = router.match(request.method, path);
  switch (match.kind) {
    case "found": {
      const failed = (error: unknown) => routeFailure(ctx, error, path, exchange);
      try {
        const response = match.value(request, uri, match.params, conn, exchange);
        return response instanceof Promise ? response.catch(failed) : response;
      } catch (error) {
        return failed(error);
      }
    }
    case "redirect": {
      const query = uri.slice(rawPath.length);
      return new Response(null, {
        status: request.method === "GET" ? 301 : 308,
        headers: { location: match.location + query },
      });
    }
    case "method-not-allowed":
      if (request.method === "OPTIONS") {
        return new Response(null, { status: 200, headers: { allow: match.allow.join(", ") } });
      }
      return errorResponse(405, "method not allowed", { allow: match.allow.join(", ") });
    default:
      return errorResponse(404, "not found");
  }
}

function routeFailure(
  ctx: PluginContext,
  error: unknown,
  path: string,
  exchange: Exchange,
): Response {
  if (error instanceof BodyTooLargeError) return errorResponse(413, error.message);
  if (error instanceof BodyTimeoutError) return errorResponse(408, error.message);
  if (error instanceof HeadlessHeaderError) return errorResponse(400, error.message);
  ctx.log.error("failed to handle request", { error, path, request_id: exchange.id });
  exchange.error = { code: 500, message: "failed to handle request" };
  return errorResponse(500, "failed to handle request");
}

export default definePlugin({
  name: "http",
  setup(ctx) {
    const sockets: SocketSet = new Set();
    const liveConsole = ctx.options.console ? startConsole(ctx) : undefined;
    const router = buildRouter(ctx, sockets, liveConsole);
    const relay = !ctx.options.headless && ctx.handlers("server").length > 0;
    // Requests this version of the app is answering: when a newer version takes the server
    // over, this one stops only once they are answered.
    const inFlight = new InFlight(Infinity);
    const answered = (exchange: Exchange, response: Response) => {
      exchange.answer(response);
      exchange.log(ctx.log, response.status);
      return response;
    };
    const serveRequest = (request: Request, conn: Connection) => {
      conn.begin();
      inFlight.acquire();
      const exchange = new Exchange(request);
      let response;
      try {
        response = handle(ctx, router, request, conn, exchange);
      } catch (error) {
        inFlight.release();
        return conn.failed(error);
      }
      if (response instanceof Promise) {
        return response.then((r) => {
          inFlight.release();
          return conn.answered(answered(exchange, r));
        }, (error) => {
          inFlight.release();
          return conn.failed(error);
        });
      }
      inFlight.release();
      return conn.answered(answered(exchange, response));
    };
    const refused = ctx.telemetry.counter(CONNECTIONS_REFUSED);
    const inherited = ctx.handover as HttpServer | undefined;
    let server: HttpServer | undefined;
    return {
      start() {
        if (inherited) {
          // A reload: the listener and its connections stay; requests go to this version now.
          if (inherited.relayed !== relay) {
            throw new StratosError(
              "STRATOS_ERR_RELOAD_REFUSED",
              `the new version ${relay ? "adds" : "removes"} WebSocket handlers, which changes ` +
                "how connections are served: restart Stratos instead",
            );
          }
          inherited.attach(serveRequest);
          server = inherited;
          announce(ctx, server);
          return;
        }
        const { hostname, port, workers } = ctx.options;
        const reusePort = workers > 1;
        // The port is shared with this process's replicas only: if another process holds it,
        // the primary fails as it would without reusePort ("address already in use").
        if (reusePort && port !== 0 && ctx.link?.role !== "replica") {
          Deno.listen({ hostname, port }).close();
        }
        server = startServer({
          hostname,
          port,
          // With several isolates (`--workers`), each listens on the port and the kernel spreads
          // the connections (needs --unstable-net, which `deno task start` passes); each takes
          // its share of the process's connection limit.
          reusePort,
          relay,
          limits: {
            maxConnections: Math.ceil(ctx.options.maxConnections / workers),
            headerTimeoutMs: ctx.options.headerTimeoutMs,
            idleTimeoutMs: ctx.options.idleTimeoutMs,
          },
          handler: serveRequest,
          onError(error) {
            ctx.log.error("failed to handle request", { error });
            return errorResponse(500, "failed to handle request");
          },
          log: ctx.log,
          onRefused: () => refused.inc(),
        });
        announce(ctx, server);
      },
      async stop() {
        liveConsole?.stop();
        closeSockets(sockets);
        await server?.detach(serveRequest);
        await inFlight.idle();
      },
      handover: () => server,
    };
  },
});

/** Provides the server's address and announces it. */
function announce(ctx: PluginContext, server: HttpServer): void {
  const addr = server.addr;
  const shown = addr.hostname === "0.0.0.0" ? "127.0.0.1" : addr.hostname;
  const address: HttpAddress = {
    hostname: addr.hostname,
    port: addr.port,
    url: `http://${shown}:${addr.port}`,
  };
  ctx.provide(HTTP_ADDRESS_SERVICE, address);
  ctx.announce(`listening on ${address.url}`);
}
