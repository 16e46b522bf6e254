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

/** The partitions stopped at a gap, for the gauge and the log. */
export class OffsetGaps {
  readonly #gaps = new Map<string, OffsetGap>();

  report(gap: OffsetGap): void {
    this.#gaps.set(`${gap.topic}:${gap.partition}`, gap);
  }

  has(topic: string, partition: number): boolean {
    return this.#gaps.has(`${topic}:${partition}`);
  }

  /** Forgets the gaps of partitions this member no longer owns: their new owner reports them. */
  keepOnly(topic: string, partitions: readonly number[]): void {
    for (const [key, gap] of this.#gaps)
      if (gap.topic === topic && !partitions.includes(gap.partition)) this.#gaps.delete(key);
  }

  list(): OffsetGap[] {
    return [...this.#gaps.values()];
  }
}
