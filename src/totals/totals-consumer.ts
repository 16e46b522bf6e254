import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Kysely } from 'kysely';
import type { Logger } from '../shared/logger.ts';
import { recordAppliedBatch, recordTimeInTopic } from './batch-telemetry.ts';
import { decodeMessage } from './decode-message.ts';
import type { TotalsDatabase } from './totals-database.ts';
import { applyBatch, lockStoredOffset, readStoredOffsets } from './totals-ledger.ts';

export interface TotalsConsumerOptions {
  kafka: Kafka;
  db: Kysely<TotalsDatabase>;
  topic: string;
  groupId: string;
  logger: Logger;
}

/**
 * Consumes calculation events into the running total. The offsets in B's own table are the truth: on
 * every assignment the consumer seeks to them, and a batch that does not start where the table says is
 * re-fetched from there. Kafka's group offsets are committed afterwards only so that tools show lag.
 */
export async function startTotalsConsumer(options: TotalsConsumerOptions): Promise<Consumer> {
  const { kafka, db, topic, groupId, logger } = options;
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 250,
    // A member that died is noticed after 10 s rather than kafkajs's 30 s, so its partitions move sooner.
    sessionTimeout: 10_000,
    heartbeatInterval: 2_000,
    retry: { retries: Number.MAX_SAFE_INTEGER },
  });
  // Partitions we already moved back to the stored offset once; see handleGap.
  const soughtBack = new Set<number>();

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const partitions = payload.memberAssignment[topic] ?? [];
    logger.info({ topic, partitions }, 'partitions assigned');
    soughtBack.clear();
    void seekToStoredOffsets(consumer, db, topic, partitions, logger);
  });

  // kafkajs restarts itself after retriable errors; after any other it stops for good while the process
  // lives on, consuming nothing. Exit instead, so the supervisor starts a fresh consumer.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) return;
    logger.fatal({ err: payload.error }, 'consumer stopped after an error it will not retry; exiting');
    process.exit(1);
  });

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    // Each partition's batch is its own transaction; they overlap (only the running-total row update
    // takes turns), so catching up is not one partition's round trips after another's.
    partitionsConsumedConcurrently: 3,
    eachBatchAutoResolve: false,
    eachBatch: (payload) => handleBatch(payload, db, consumer, soughtBack, logger),
  });
  return consumer;
}

async function seekToStoredOffsets(
  consumer: Consumer,
  db: Kysely<TotalsDatabase>,
  topic: string,
  partitions: readonly number[],
  logger: Logger,
): Promise<void> {
  try {
    const stored = await readStoredOffsets(db, topic);
    // A partition with nothing stored has had nothing applied: read it from its start, whatever the
    // group's offsets in Kafka say.
    for (const partition of partitions)
      consumer.seek({ topic, partition, offset: stored.get(partition) ?? '0' });
  } catch (error) {
    // Not fatal: every batch is checked against the stored offset anyway.
    logger.warn({ err: error }, 'could not seek to stored offsets on assignment');
  }
}

async function handleBatch(
  { batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }: EachBatchPayload,
  db: Kysely<TotalsDatabase>,
  consumer: Consumer,
  soughtBack: Set<number>,
  logger: Logger,
): Promise<void> {
  if (!isRunning() || isStale() || batch.isEmpty()) return;
  const { topic, partition } = batch;
  const receivedAt = Date.now();

  const outcome = await db.transaction().execute(async (trx) => {
    // Nothing stored yet means nothing applied yet: the partition is read from its start.
    const stored = (await lockStoredOffset(trx, topic, partition)) ?? 0n;
    const firstOffset = BigInt(batch.firstOffset() ?? batch.messages[0]?.offset ?? '0');
    if (firstOffset > stored && !soughtBack.has(partition)) return { kind: 'gap' as const, stored };
    // Records below the stored offset were applied in an earlier transaction.
    const fresh = batch.messages.filter((message) => BigInt(message.offset) >= stored);
    if (fresh.length === 0) return { kind: 'nothing-new' as const };
    const decoded = fresh.map(decodeMessage);
    const applied = await applyBatch(trx, {
      topic,
      partition,
      messages: fresh,
      decoded,
      nextOffset: (BigInt(batch.lastOffset()) + 1n).toString(),
    });
    return {
      kind: 'applied' as const,
      received: { topic, partition, messages: fresh, receivedAt },
      decoded,
      applied,
    };
  });

  if (outcome.kind === 'gap') {
    // The group's committed offset is ahead of ours (say, a database wiped while Kafka kept its offsets).
    // Go back once; if the records are gone (retention), the next batch is accepted as it comes.
    logger.warn(
      { topic, partition, stored: outcome.stored.toString() },
      'batch starts past the stored offset; seeking back',
    );
    soughtBack.add(partition);
    consumer.seek({ topic, partition, offset: outcome.stored.toString() });
    return;
  }
  soughtBack.delete(partition);
  if (outcome.kind === 'applied') {
    const { received, decoded, applied } = outcome;
    recordTimeInTopic(received);
    recordAppliedBatch(received, decoded, applied);
    const counts = {
      appliedEvents: applied.appliedEvents,
      duplicateEvents: applied.duplicateEvents,
      deadLettered: applied.deadLettered,
    };
    if (applied.deadLettered > 0) logger.warn({ topic, partition, ...counts }, 'dead-lettered records');
    logger.debug({ topic, partition, ...counts }, 'batch applied');
  }
  resolveOffset(batch.lastOffset());
  await commitOffsetsIfNecessary();
  await heartbeat();
}
