import type { SpanContext } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Kysely } from 'kysely';
import type { Condition } from '../shared/health-reporter.ts';
import type { Logger } from '../shared/logger.ts';
import { inApplySpan, recordAppliedBatch, recordTimeInTopic } from './batch-telemetry.ts';
import { watchConsumerHealth } from './consumer-health.ts';
import { decodeRecord } from './decode-message.ts';
import { GroupOffsetMirror } from './group-offset-mirror.ts';
import { missingCount, missingRange, OffsetGaps } from './offset-gaps.ts';
import type { TotalsDatabase } from './totals-database.ts';
import { applyBatch, readStoredOffsets } from './totals-ledger.ts';

export interface TotalsConsumerOptions {
  kafka: Kafka;
  db: Kysely<TotalsDatabase>;
  topic: string;
  groupId: string;
  logger: Logger;
  /** Told when kafkajs gives up for good; the process should end so its supervisor starts a new one. */
  onFatal: (error: Error) => void;
  /** Told whether the consumer is doing its job, for the health service. */
  reportHealth: (condition: Condition) => void;
}

export interface TotalsConsumer {
  consumer: Consumer;
  /** Partitions stopped because records they still had to apply are gone from Kafka. */
  gaps: OffsetGaps;
  /** The partitions of the topic this member owns since the last rebalance. */
  assignedPartitions(): readonly number[];
  /** Lets the batch in progress finish its transaction, mirrors the last offsets and leaves the group. */
  stop(): Promise<void>;
}

/**
 * Consumes calculation events into the running total. The offsets in the totals keeper's own table are
 * the truth: on every assignment the consumer seeks to them, and a batch that does not start where the
 * table says is fetched again from there. If the records there are gone (retention, deleted records), the
 * partition stops: nothing past a gap is ever applied.
 */
export async function startTotalsConsumer(options: TotalsConsumerOptions): Promise<TotalsConsumer> {
  const { kafka, db, topic, groupId, logger } = options;
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 250,
    // A member that died is noticed after 10 s rather than kafkajs's 30 s, so its partitions move sooner.
    sessionTimeout: 10_000,
    heartbeatInterval: 2_000,
    // A join sent into a dead link gives up after 20 s + 5 s instead of kafkajs's 65 s.
    rebalanceTimeout: 20_000,
    // Retries back off to at most 5 s, so a healed link is back in use within seconds, not 30.
    retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 },
    // Partitions added to the topic reach the group at the next metadata refresh: 30 s, not 5 minutes.
    metadataMaxAge: 30_000,
  });
  const mirror = new GroupOffsetMirror(consumer, logger);
  const gaps = new OffsetGaps();
  let assigned: readonly number[] = [];

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    assigned = payload.memberAssignment[topic] ?? [];
    logger.info({ topic, partitions: assigned }, 'partitions assigned');
    mirror.forget();
    gaps.rebalanced(topic, assigned);
    void seekToStoredOffsets(consumer, db, topic, assigned, mirror, logger);
  });

  // kafkajs restarts itself after retriable errors; after any other it stops for good while the process
  // lives on, consuming nothing.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) options.onFatal(payload.error);
  });

  const onGap = (partition: number, nextOffset: bigint, firstAvailable: bigint) => {
    const gap = { topic, partition, nextOffset, firstAvailable };
    if (gaps.batchPastStoredOffset(gap) === 'seek-back') {
      logger.warn(
        { topic, partition, stored: nextOffset.toString(), fetched: firstAvailable.toString() },
        'batch starts past the stored offset; seeking back',
      );
      consumer.seek({ topic, partition, offset: nextOffset.toString() });
      return;
    }
    consumer.pause([{ topic, partitions: [partition] }]);
    logger.error(
      {
        topic,
        partition,
        missingOffsets: missingRange(gap),
        missingCount: missingCount(gap),
        nextOffset: nextOffset.toString(),
        firstAvailable: firstAvailable.toString(),
      },
      `offsets ${missingRange(gap)} of ${topic} partition ${partition} are gone from Kafka and were never applied; ` +
        'this partition is stopped and nothing past the gap is applied (see the runbook: TotalsOffsetGap)',
    );
  };

  // Before run(), which returns only after the first join: its GROUP_JOIN must not be missed.
  const stopWatching = watchConsumerHealth(consumer, topic, options.reportHealth);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    // Each partition's batch is its own transaction; they overlap (only the running-total row update
    // takes turns), so catching up is not one partition's round trips after another's.
    partitionsConsumedConcurrently: 3,
    eachBatchAutoResolve: false,
    eachBatch: (payload) => handleBatch(payload, { db, groupId, gaps, mirror, onGap, logger }),
  });
  return {
    consumer,
    gaps,
    assignedPartitions: () => assigned,
    stop: async () => {
      await mirror.flush();
      // disconnect() lets the batch in progress finish its transaction before leaving the group.
      await consumer.disconnect();
      stopWatching();
    },
  };
}

async function seekToStoredOffsets(
  consumer: Consumer,
  db: Kysely<TotalsDatabase>,
  topic: string,
  partitions: readonly number[],
  mirror: GroupOffsetMirror,
  logger: Logger,
): Promise<void> {
  try {
    const stored = await readStoredOffsets(db, topic);
    // A partition with nothing stored has had nothing applied: read it from its start, whatever the
    // group's offsets in Kafka say.
    for (const partition of partitions) {
      const offset = stored.get(partition) ?? '0';
      consumer.seek({ topic, partition, offset });
      // So Kafka's tools show the true lag from the start, before any new event arrives.
      mirror.mirror(topic, partition, offset);
    }
  } catch (error) {
    // Not fatal: every batch is checked against the stored offset anyway.
    logger.warn({ err: error }, 'could not seek to stored offsets on assignment');
  }
}

interface BatchContext {
  db: Kysely<TotalsDatabase>;
  groupId: string;
  gaps: OffsetGaps;
  mirror: GroupOffsetMirror;
  onGap: (partition: number, nextOffset: bigint, firstAvailable: bigint) => void;
  logger: Logger;
}

async function handleBatch(payload: EachBatchPayload, context: BatchContext): Promise<void> {
  const { batch, isRunning, isStale } = payload;
  if (!isRunning() || isStale() || batch.isEmpty()) return;
  // A paused partition can still deliver the batch fetched before the pause.
  if (context.gaps.isStopped(batch.topic, batch.partition)) return;
  const description = {
    topic: batch.topic,
    partition: batch.partition,
    consumerGroup: context.groupId,
    messageCount: batch.messages.length,
  };
  await inApplySpan(description, (applySpan) => applyReceivedBatch(payload, context, applySpan));
}

async function applyReceivedBatch(
  { batch, resolveOffset, heartbeat }: EachBatchPayload,
  { db, groupId, gaps, mirror, onGap, logger }: BatchContext,
  applySpan: SpanContext,
): Promise<void> {
  const { topic, partition } = batch;
  const receivedAt = Date.now();
  const nextOffset = (BigInt(batch.lastOffset()) + 1n).toString();
  const firstOffset = batch.firstOffset() ?? batch.messages[0]?.offset ?? '0';

  // Every record is decoded, as which ones are below the stored offset is only known in the statement
  // that applies them: one round trip per batch, not a read of the offset first.
  const outcome = await applyBatch(db, {
    topic,
    partition,
    firstOffset,
    records: batch.messages.map(decodeRecord),
    nextOffset,
  });

  if (outcome.kind === 'gap') {
    onGap(partition, outcome.storedOffset, outcome.firstOffset);
    return;
  }
  gaps.progressed(topic, partition);
  if (outcome.storedOffset > BigInt(firstOffset))
    // A batch fetched before the partition's stored offset moved on: after a restart, or in a member
    // that lost the partition while it held the batch (a zombie). The lock on the stored offset made it
    // wait, and only what no one applied yet is applied.
    logger.info(
      {
        topic,
        partition,
        firstOffset,
        storedOffset: outcome.storedOffset.toString(),
        nextOffset,
        outcome: outcome.kind,
      },
      outcome.kind === 'nothing-new'
        ? 'batch already applied, skipped'
        : 'batch partly applied already, applied from the stored offset',
    );
  if (outcome.kind === 'applied') {
    const received = { topic, partition, consumerGroup: groupId, records: outcome.fresh, receivedAt };
    recordTimeInTopic(received);
    recordAppliedBatch(received, outcome, applySpan);
    const counts = {
      appliedEvents: outcome.appliedEvents,
      duplicateEvents: outcome.duplicateEvents,
      deadLettered: outcome.deadLettered,
    };
    if (outcome.deadLettered > 0) logger.warn({ topic, partition, ...counts }, 'dead-lettered records');
    logger.debug({ topic, partition, ...counts }, 'batch applied');
  }
  mirror.mirror(topic, partition, outcome.kind === 'applied' ? nextOffset : outcome.storedOffset.toString());
  resolveOffset(batch.lastOffset());
  await heartbeat();
}
