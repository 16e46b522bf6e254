import type { Consumer } from 'kafkajs';
import type { Logger } from '../shared/logger.ts';

/**
 * Copies the offsets the totals keeper stored in its own table to its Kafka consumer group, so that
 * Kafka's own tools (kafka-consumer-groups.sh, Burrow, kafka-exporter) show the true lag. The table stays
 * the truth: a commit here runs after the database commit, never blocks a batch and never decides what
 * is applied. A failed commit is logged and retried with the newest offsets until one goes through.
 */
export class GroupOffsetMirror {
  readonly #pending = new Map<string, { topic: string; partition: number; offset: string }>();
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #failing = false;
  readonly #consumer: Consumer;
  readonly #logger: Logger;
  readonly #retryMs: number;
  readonly #minIntervalMs: number;
  #lastCommitAt = Number.NEGATIVE_INFINITY;

  /**
   * At most one commit per `minIntervalMs`: each is a request to the group coordinator, and at a few
   * records per batch one per batch was a large part of the keeper's CPU per addition. The tools that
   * read the group's offsets are that much later to see them, and the stored offsets stay the truth.
   */
  constructor(consumer: Consumer, logger: Logger, retryMs = 2_000, minIntervalMs = 1_000) {
    this.#consumer = consumer;
    this.#logger = logger;
    this.#retryMs = retryMs;
    this.#minIntervalMs = minIntervalMs;
  }

  /** The partition's next offset to read, as just committed to the totals keeper's own table. */
  mirror(topic: string, partition: number, nextOffset: string): void {
    this.#pending.set(`${topic}:${partition}`, { topic, partition, offset: nextOffset });
    this.#schedule();
  }

  /** After a rebalance the old generation's commits would be refused: the new owner mirrors its own. */
  forget(): void {
    this.#pending.clear();
  }

  /** One last try to mirror what is pending, for a clean shutdown. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
    await this.#commit();
  }

  #schedule(): void {
    if (this.#timer || this.#inFlight) return;
    const delayMs = this.#failing
      ? this.#retryMs
      : Math.max(0, this.#lastCommitAt + this.#minIntervalMs - performance.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#lastCommitAt = performance.now();
      this.#inFlight = this.#commit().finally(() => {
        this.#inFlight = undefined;
        if (this.#pending.size > 0) this.#schedule();
      });
    }, delayMs);
    this.#timer.unref();
  }

  async #commit(): Promise<void> {
    if (this.#pending.size === 0) return;
    const offsets = [...this.#pending.values()];
    this.#pending.clear();
    try {
      await this.#consumer.commitOffsets(offsets);
      if (this.#failing) this.#logger.info('committing offsets to the consumer group works again');
      this.#failing = false;
    } catch (error) {
      // Newer offsets recorded meanwhile win over the ones that failed.
      for (const item of offsets) {
        const key = `${item.topic}:${item.partition}`;
        if (!this.#pending.has(key)) this.#pending.set(key, item);
      }
      if (!this.#failing)
        this.#logger.warn(
          { err: error, retryMs: this.#retryMs },
          'could not commit offsets to the consumer group (only Kafka tools see it; the stored offsets are the truth); retrying',
        );
      this.#failing = true;
    }
  }
}
