/**
 * The Kafka plugin: the `connections.kafka` connection and the `kafka` stream source.
 *
 * Every `type: stream, source: kafka` handler consumes its `resource` topic in a consumer group
 * (by default the Directive's identifier, so N Stratos processes share the partitions and each
 * record is handled once by the fleet), runs its steps per record, in order per partition, and
 * publishes the result to `respondTo`, keyed like the inbound record. Offsets are committed only
 * after the steps ran and the reply was published (at-least-once). The connection is opened at
 * start with bounded retries, consumers restart after broker failures, and the state is reported
 * on `GET /health` as `kafka`. Options: see `options.ts` (`STRATOS_KAFKA_*`).
 *
 * @module
 */

import {
  ConnectionHealth,
  definePlugin,
  type Handler,
  readEnv,
  StratosError,
} from "../../plugin.ts";
import { parseBrokers } from "./brokers.ts";
import { connectKafka, type KafkaConnection } from "./client.ts";
import { startStreamSource, type StreamSource } from "./consumer.ts";
import { kafkaOptions } from "./options.ts";

/** Code of configuration errors (bad options, bad broker address). */
export const KAFKA_CONFIG_ERROR = "STRATOS_ERR_KAFKA_CONFIG";

/** Longest a stop waits for the consumer to finish, commit and leave. */
const STOP_TIMEOUT_MS = 15_000;

/** The handlers this plugin serves, by topic: streams with `source: kafka`. */
export function byTopic(handlers: readonly Handler[]): Map<string, Handler[]> {
  const byTopic = new Map<string, Handler[]>();
  for (const handler of handlers) {
    const list = byTopic.get(handler.resource);
    if (list) list.push(handler);
    else byTopic.set(handler.resource, [handler]);
  }
  return byTopic;
}

export default definePlugin({
  name: "kafka",
  setup(ctx) {
    const brokerAddress = ctx.directive.connections?.kafka?.brokerAddress;
    if (brokerAddress === undefined) return; // the Directive loader requires it for kafka handlers
    // Stream handlers run in the primary isolate only: a replica (--workers) needs no connection.
    if (ctx.link?.role === "replica") return;
    const options = configured(() => kafkaOptions(ctx.config, readEnv, ctx.directive.identifier));
    const brokers = configured(() => parseBrokers(brokerAddress), "connections.kafka.");
    const health = new ConnectionHealth(brokers.join(","));
    ctx.addConnection("kafka", health);
    const display = brokers.join(",");
    ctx.announce(() =>
      health.state === "up"
        ? `kafka: connected to ${display}, consumer group ${options.group}`
        : `kafka: ${display}, ${health.state}`
    );
    const handlers = byTopic(ctx.handlers("kafka"));
    let connection: KafkaConnection | undefined;
    let source: StreamSource | undefined;
    return {
      async start() {
        connection = await connectKafka({
          brokerAddress,
          brokers,
          clientId: `stratos-${ctx.directive.identifier}`,
          options,
          log: ctx.log,
          health,
        });
        if (handlers.size > 0) {
          source = await startStreamSource({ ctx, ...connection, options, health, handlers });
        }
      },
      async stop() {
        connection?.stopRetrying(); // a broker that is down is not waited for
        const stopping = (async () => {
          await source?.stop();
          await connection?.producer.disconnect();
        })();
        const timedOut = await withTimeout(stopping, STOP_TIMEOUT_MS);
        if (timedOut) ctx.log.warn("kafka: gave up waiting for the consumer to stop");
        health.close();
      },
    };
  },
});

/** `read()`, with its errors as configuration errors (message prefixed by `prefix`). */
function configured<T>(read: () => T, prefix = ""): T {
  try {
    return read();
  } catch (error) {
    throw new StratosError(KAFKA_CONFIG_ERROR, prefix + (error as Error).message, { cause: error });
  }
}

/** Resolves `true` if `work` did not settle within `ms` (its failure is logged by the caller). */
async function withTimeout(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(true), ms));
  try {
    return await Promise.race([work.then(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
