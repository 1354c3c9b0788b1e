/**
 * The stream and consumer set-up against the shared nats-server with JetStream
 * (`STRATOS_TEST_NATS_URL`, default nats://127.0.0.1:4222), on subjects of their own.
 */

import assert from "node:assert/strict";
import { jetstreamManager, RetentionPolicy } from "@nats-io/jetstream";
import { connect, nanos } from "@nats-io/transport-node";
import { ensureConsumer, ensureStream, findStream, streamName } from "./jetstream_setup.ts";

const NATS_URL = Deno.env.get("STRATOS_TEST_NATS_URL") ?? "nats://127.0.0.1:4222";

Deno.test("streamName - keeps what JetStream allows in a name", () => {
  assert.equal(streamName("orders.new"), "orders_new");
  assert.equal(streamName("a.*.>"), "a____");
  assert.equal(streamName("Work-Queue_1"), "Work-Queue_1");
});

Deno.test("ensureStream and ensureConsumer - create once, then find and update", async () => {
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  const subject = `stratos.test.setup.${crypto.randomUUID().slice(0, 8)}`;
  try {
    assert.equal(await findStream(jsm, subject), undefined);
    const created = await ensureStream(jsm, subject);
    assert.deepEqual(created, { stream: streamName(subject), created: true });
    const info = await jsm.streams.info(created.stream);
    assert.deepEqual(info.config.subjects, [subject]);
    assert.equal(info.config.retention, RetentionPolicy.Interest);
    assert.deepEqual(await ensureStream(jsm, subject), { ...created, created: false });

    const spec = { stream: created.stream, durable: "w", subject, ackWaitMs: 2000 };
    await Promise.all([ensureConsumer(jsm, spec), ensureConsumer(jsm, spec)]); // two processes
    await ensureConsumer(jsm, { ...spec, ackWaitMs: 3000 });
    const consumer = await jsm.consumers.info(created.stream, "w");
    assert.equal(consumer.config.ack_wait, nanos(3000), "brought to the new wait");
    assert.equal(consumer.config.max_deliver, -1, "Stratos counts the attempts");
    const other = `${subject}.other`;
    await jsm.streams.update(created.stream, { subjects: [subject, other] });
    await assert.rejects(
      ensureConsumer(jsm, { ...spec, subject: other }),
      new RegExp(`the durable consumer w of stream ${created.stream} reads '${subject}'`),
    );
  } finally {
    await jsm.streams.delete(streamName(subject)).catch(() => {});
    await nc.close();
  }
});
