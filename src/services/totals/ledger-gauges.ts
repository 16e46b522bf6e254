import type { Kafka } from 'kafkajs';
import type { Kysely } from 'kysely';
import type { Logger } from '../shared/logger.ts';
import { samplePeriodically } from '../shared/periodic-sample.ts';
import type { TotalsDatabase } from './totals-database.ts';
import { readRunningTotal, readStoredOffsets } from './totals-ledger.ts';
import { totalsMetrics } from './totals-metrics.ts';

interface LedgerPosition {
  lagByPartition: Map<number, number>;
  runningTotal: number;
  eventsInLedger: number;
}

/**
 * Consumer lag is measured against the totals keeper's own table, the offsets it truly resumes from, not
 * the group's committed offsets in Kafka; with the running total it is sampled every 5 s.
 */
export function startLedgerGauges(options: {
  kafka: Kafka;
  db: Kysely<TotalsDatabase>;
  topic: string;
  logger: Logger;
}): () => Promise<void> {
  const { kafka, db, topic, logger } = options;
  const admin = kafka.admin();
  let connected: Promise<void> | undefined;

  const readPosition = async (): Promise<LedgerPosition> => {
    connected ??= admin.connect().catch((error: unknown) => {
      connected = undefined;
      throw error;
    });
    await connected;
    const [logEnds, stored, total] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      readStoredOffsets(db, topic),
      readRunningTotal(db),
    ]);
    const lagByPartition = new Map<number, number>();
    for (const { partition, high, low } of logEnds) {
      // Nothing stored: nothing applied yet, so everything still in the partition is to read.
      const next = BigInt(stored.get(partition) ?? low);
      lagByPartition.set(partition, Number(BigInt(high) > next ? BigInt(high) - next : 0n));
    }
    return { lagByPartition, runningTotal: Number(total.total), eventsInLedger: Number(total.eventCount) };
  };

  const position = samplePeriodically('ledger position', readPosition, 5_000, logger);
  totalsMetrics.consumerLag.addCallback((result) => {
    for (const [partition, lag] of position.latest()?.lagByPartition ?? [])
      result.observe(lag, { topic, partition });
  });
  totalsMetrics.runningTotal.addCallback((result) => {
    const latest = position.latest();
    if (latest) result.observe(latest.runningTotal);
  });
  totalsMetrics.eventsInLedger.addCallback((result) => {
    const latest = position.latest();
    if (latest) result.observe(latest.eventsInLedger);
  });

  return async () => {
    position.stop();
    if (connected) await admin.disconnect();
  };
}
