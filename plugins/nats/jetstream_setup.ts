/**
 * Setting up what a durable NATS handler consumes: the JetStream stream that captures its
 * subject (an existing one, or one created for it) and its durable pull consumer (created, or
 * brought to the acknowledgement wait Stratos needs). Several processes doing this at once end
 * up with the same stream and consumer.
 *
 * @module
 */

import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";

/** The name of the stream Stratos creates for `subject`: its characters JetStream allows. */
export function streamName(subject: string): string {
  return subject.replace(/[^A-Za-z0-9_-]/g, "_");
}

/**
 * The stream that captures `subject`. When none does, one is created: named after the subject,
 * kept on disk, with interest retention (a message stays until every consumer acknowledged it,
 * so messages published while no Stratos runs wait for the durable consumer).
 * @returns the stream's name, and whether it was created now
 */
export async function ensureStream(
  jsm: JetStreamManager,
  subject: string,
): Promise<{ stream: string; created: boolean }> {
  const existing = await findStream(jsm, subject);
  if (existing) return { stream: existing, created: false };
  const name = streamName(subject);
  try {
    await jsm.streams.add({
      name,
      subjects: [subject],
      retention: RetentionPolicy.Interest,
      storage: StorageType.File,
    });
    return { stream: name, created: true };
  } catch (error) {
    // Another process may have created it meanwhile.
    const raced = await findStream(jsm, subject);
    if (raced) return { stream: raced, created: false };
    throw error;
  }
}

/** The name of the stream that captures `subject`, or `undefined` when none does. */
export async function findStream(
  jsm: JetStreamManager,
  subject: string,
): Promise<string | undefined> {
  try {
    return await jsm.streams.find(subject);
  } catch (error) {
    if (isApiError(error, JetStreamApiCodes.StreamNotFound)) return undefined;
    // Servers answer a subject no stream captures with "no stream matches subject".
    if (error instanceof Error && /no stream matches subject/.test(error.message)) return undefined;
    throw error;
  }
}

/**
 * Creates the durable pull consumer `durable` of `stream` for `subject`, or updates its
 * acknowledgement wait when it exists with another.
 * @throws {Error} when a consumer of that name exists for another subject
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  spec: { stream: string; durable: string; subject: string; ackWaitMs: number },
): Promise<void> {
  const { stream, durable, subject } = spec;
  const ackWait = nanos(spec.ackWaitMs);
  const info = await jsm.consumers.info(stream, durable).catch((error) => {
    if (isApiError(error, JetStreamApiCodes.ConsumerNotFound)) return undefined;
    throw error;
  });
  if (info) {
    const filter = info.config.filter_subject ?? "";
    if (filter !== "" && filter !== subject) {
      throw new Error(
        `the durable consumer ${durable} of stream ${stream} reads '${filter}', not '${subject}'`,
      );
    }
    if (info.config.ack_wait !== ackWait) {
      await jsm.consumers.update(stream, durable, { ack_wait: ackWait });
    }
    return;
  }
  try {
    await jsm.consumers.add(stream, {
      durable_name: durable,
      filter_subject: subject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: ackWait,
      // Stratos counts the attempts itself (maxDeliver), so the server never gives up on its own.
      max_deliver: -1,
    });
  } catch (error) {
    // Another process may have created it meanwhile: then it is there now.
    await jsm.consumers.info(stream, durable).catch(() => Promise.reject(error));
  }
}

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}
