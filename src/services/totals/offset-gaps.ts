/** A partition whose next offset to apply is gone from Kafka: the records in between were never applied. */
export interface OffsetGap {
  topic: string;
  partition: number;
  /** The offset the totals keeper's table says to apply next. */
  nextOffset: bigint;
  /** The first offset Kafka still has for the partition. */
  firstAvailable: bigint;
}

export const missingCount = (gap: OffsetGap) => Number(gap.firstAvailable - gap.nextOffset);

/** `from..to` of the offsets that are missing, inclusive. */
export const missingRange = (gap: OffsetGap) => `${gap.nextOffset}..${gap.firstAvailable - 1n}`;

const key = (topic: string, partition: number) => `${topic}:${partition}`;

/**
 * Decides what to do with a batch that starts past the stored offset, and remembers the partitions
 * stopped at a gap. The first time, the consumer seeks back to the stored offset: Kafka's group offset
 * may simply be ahead of the table (a database restored from a backup). If the batch fetched from there
 * still starts later, the records are gone, and the partition stops.
 */
export class OffsetGaps {
  readonly #gaps = new Map<string, OffsetGap>();
  readonly #soughtBack = new Set<string>();

  /** `seek-back` the first time since the partition last made progress; `stop` when it happens again. */
  batchPastStoredOffset(gap: OffsetGap): 'seek-back' | 'stop' {
    const partitionKey = key(gap.topic, gap.partition);
    if (!this.#soughtBack.has(partitionKey)) {
      this.#soughtBack.add(partitionKey);
      return 'seek-back';
    }
    this.#gaps.set(partitionKey, gap);
    return 'stop';
  }

  /** A batch of the partition started where the table said: any earlier seek back did its job. */
  progressed(topic: string, partition: number): void {
    this.#soughtBack.delete(key(topic, partition));
  }

  /**
   * After a rebalance every owned partition seeks to the stored offset anew; the gaps of partitions this
   * member no longer owns are forgotten (their new owner finds and reports them).
   */
  rebalanced(topic: string, assigned: readonly number[]): void {
    this.#soughtBack.clear();
    for (const [partitionKey, gap] of this.#gaps)
      if (gap.topic === topic && !assigned.includes(gap.partition)) this.#gaps.delete(partitionKey);
  }

  isStopped(topic: string, partition: number): boolean {
    return this.#gaps.has(key(topic, partition));
  }

  list(): OffsetGap[] {
    return [...this.#gaps.values()];
  }
}
