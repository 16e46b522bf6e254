import type { Kysely } from 'kysely';
import type { TotalsDatabase } from '../../services/totals/totals-database.ts';

/** One move of a partition's stored offset, as the totals database recorded it (migrations/totals/0003). */
export interface AppliedBatch {
  partition: number;
  fromOffset: bigint;
  nextOffset: bigint;
  appliedBy: string;
  /** Epoch milliseconds. */
  appliedAtMs: number;
}

export async function readAppliedBatches(
  totals: Kysely<TotalsDatabase>,
  topic: string,
  sinceMs: number,
): Promise<AppliedBatch[]> {
  const rows = await totals
    .selectFrom('applied_batches')
    .select(['partition', 'from_offset', 'next_offset', 'applied_by', 'applied_at'])
    .where('topic', '=', topic)
    .where('applied_at', '>=', new Date(sinceMs))
    .orderBy('partition')
    .orderBy('from_offset')
    .execute();
  return rows.map((row) => ({
    partition: row.partition,
    fromOffset: BigInt(row.from_offset),
    nextOffset: BigInt(row.next_offset),
    appliedBy: row.applied_by,
    appliedAtMs: row.applied_at.getTime(),
  }));
}

export interface TilingBreach {
  partition: number;
  kind: 'overlap' | 'hole';
  /** "[120, 150) by totals h:12 overlaps [100, 130) by totals h:34". */
  description: string;
}

const range = (batch: AppliedBatch) => `[${batch.fromOffset}, ${batch.nextOffset}) by ${batch.appliedBy}`;

/**
 * Whether each partition's batches tile its offsets: every batch starts where the one before it ended.
 * An overlap is records applied by two batches (two processes, or one twice); a hole is records skipped.
 */
export function tilingBreaches(batches: readonly AppliedBatch[]): TilingBreach[] {
  const breaches: TilingBreach[] = [];
  const byPartition = new Map<number, AppliedBatch[]>();
  for (const batch of batches)
    byPartition.set(batch.partition, [...(byPartition.get(batch.partition) ?? []), batch]);
  for (const [partition, list] of byPartition) {
    const sorted = [...list].sort((a, b) =>
      a.fromOffset < b.fromOffset ? -1 : a.fromOffset > b.fromOffset ? 1 : 0,
    );
    for (let index = 1; index < sorted.length; index++) {
      const previous = sorted[index - 1] as AppliedBatch;
      const current = sorted[index] as AppliedBatch;
      if (current.fromOffset < previous.nextOffset)
        breaches.push({
          partition,
          kind: 'overlap',
          description: `${range(current)} overlaps ${range(previous)}`,
        });
      else if (current.fromOffset > previous.nextOffset)
        breaches.push({
          partition,
          kind: 'hole',
          description: `offsets ${previous.nextOffset}–${current.fromOffset - 1n} skipped between ${range(previous)} and ${range(current)}`,
        });
    }
  }
  return breaches;
}

export interface ApplyPause {
  /** The longest time, within the window, that no batch was applied on any partition. */
  allPartitionsSeconds: number;
  /** The longest time one partition went without a batch within the window, and which. */
  onePartitionSeconds: number;
  partition: number | undefined;
}

/**
 * How long applying stopped around a rebalance: the longest gaps between applied batches within
 * [fromMs, toMs], counting from `fromMs` to the first batch and from the last batch to `toMs`.
 */
export function applyPause(
  batches: readonly AppliedBatch[],
  partitions: readonly number[],
  fromMs: number,
  toMs: number,
): ApplyPause {
  const within = batches.filter((batch) => batch.appliedAtMs >= fromMs && batch.appliedAtMs <= toMs);
  const longestGap = (times: number[]) => {
    const points = [fromMs, ...times.sort((a, b) => a - b), toMs];
    let longest = 0;
    for (let index = 1; index < points.length; index++)
      longest = Math.max(longest, (points[index] as number) - (points[index - 1] as number));
    return longest;
  };
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  let onePartition = 0;
  let partition: number | undefined;
  for (const candidate of partitions) {
    const gap = longestGap(
      within.filter((batch) => batch.partition === candidate).map((batch) => batch.appliedAtMs),
    );
    if (gap > onePartition) [onePartition, partition] = [gap, candidate];
  }
  return {
    allPartitionsSeconds: seconds(longestGap(within.map((batch) => batch.appliedAtMs))),
    onePartitionSeconds: seconds(onePartition),
    partition,
  };
}
