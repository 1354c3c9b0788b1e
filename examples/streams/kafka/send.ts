/**
 * Sends one record to a topic of the example and prints the reply from `<topic>-out`.
 *
 * ```sh
 * KAFKA_BROKERS=127.0.0.1:9092 deno run -A examples/streams/kafka/send.ts greetings world
 * ```
 *
 * @module
 */

import { Kafka, logLevel, Partitioners } from "kafkajs";

const [topic = "greetings", value = "world", greeting] = Deno.args;
const kafka = new Kafka({
  clientId: "stratos-example-sender",
  brokers: (Deno.env.get("KAFKA_BROKERS") ?? "127.0.0.1:9092").split(","),
  logLevel: logLevel.NOTHING,
});
const key = crypto.randomUUID();
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
await producer.send({
  topic,
  messages: [{ key, value, headers: greeting ? { "X-Greeting": greeting } : undefined }],
});

// Read <topic>-out from its beginning and wait for the record with our key. The topic exists once
// Stratos published its first reply there, so the subscription is retried until then.
const consumer = kafka.consumer({ groupId: `example-reader-${key}`, maxWaitTimeInMs: 100 });
await consumer.connect();
for (let attempt = 1;; attempt++) {
  try {
    await consumer.subscribe({ topic: `${topic}-out`, fromBeginning: true });
    break;
  } catch (error) {
    if (attempt === 40) throw error;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
const reply = Promise.withResolvers<string>();
await consumer.run({
  eachMessage: ({ message }) => {
    if (message.key?.toString() !== key) return Promise.resolve();
    const error = message.headers?.["Stratos-Error"];
    reply.resolve(`${error ? `error ${error}: ` : ""}${message.value?.toString()}`);
    return Promise.resolve();
  },
});
const timeout = setTimeout(() => reply.resolve("no reply within 10 s"), 10_000);
console.log(await reply.promise);
clearTimeout(timeout);
await Promise.all([producer.disconnect(), consumer.disconnect()]);
