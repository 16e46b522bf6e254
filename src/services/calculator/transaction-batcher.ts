import type { Kysely } from 'kysely';

export interface TransactionBatcherOptions<Database, Item, Outcome> {
  db: Kysely<Database>;
  /**
   * Writes the batch as one transaction and returns one outcome per item, in order. It gets the database
   * rather than an open transaction: a single statement is a transaction of its own, without the two
   * round trips of BEGIN and COMMIT.
   */
  handleBatch: (db: Kysely<Database>, items: readonly Item[]) => Promise<Outcome[]>;
  maxBatchSize: number;
  maxConcurrentTransactions: number;
  /**
   * How long the oldest queued item may wait for others to join its batch while a slot is free, unless
   * the batch is full already. Every transaction costs the same fixed work (a round trip, a commit and
   * its WAL flush) however many items it holds: a short wait makes batches larger when the rate is low.
   */
  lingerMs: number;
  /** Items waiting beyond this are refused at once rather than queued without bound. */
  maxQueuedItems: number;
  /**
   * When the oldest waiting item has waited this long, the database is not keeping up (stalled, locked,
   * gone): new items are refused at once instead of joining a queue that does not move.
   */
  maxQueueWaitMs: number;
  /** Called once a batch's transaction has committed, before its callers hear of it. */
  onCommitted?: (items: readonly Item[], outcomes: readonly Outcome[]) => void;
}

export class QueueFullError extends Error {}
export class QueueStalledError extends Error {}

interface Pending<Item, Outcome> {
  item: Item;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  enqueuedAt: number;
}

/**
 * Groups concurrent requests into shared transactions. While every transaction slot is busy, requests
 * queue; the next free slot takes up to `maxBatchSize` of them at once. Each caller's promise settles only
 * after the transaction holding its item has committed (or failed), so no response runs ahead of the data.
 */
export class TransactionBatcher<Database, Item, Outcome> {
  private readonly queue: Pending<Item, Outcome>[] = [];
  private transactionsInFlight = 0;
  /** When each running transaction started. */
  private readonly runningSince = new Map<symbol, number>();
  private readonly idle = new Set<() => void>();
  private lingering: NodeJS.Timeout | undefined;

  private readonly options: TransactionBatcherOptions<Database, Item, Outcome>;

  constructor(options: TransactionBatcherOptions<Database, Item, Outcome>) {
    this.options = options;
  }

  submit(item: Item, signal?: AbortSignal): Promise<Outcome> {
    if (this.queue.length >= this.options.maxQueuedItems) {
      return Promise.reject(new QueueFullError(`more than ${this.options.maxQueuedItems} requests waiting`));
    }
    const stalledForMs = this.stalledForMs();
    if (stalledForMs > this.options.maxQueueWaitMs) {
      return Promise.reject(
        new QueueStalledError(`the database has kept requests waiting for ${Math.round(stalledForMs)} ms`),
      );
    }
    return new Promise<Outcome>((resolve, reject) => {
      const pending = { item, resolve, reject, signal, enqueuedAt: performance.now() };
      this.queue.push(pending);
      // A caller who gives up hears so at once; its entry is dropped when a batch is taken.
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      this.startTransactions();
    });
  }

  /**
   * How long the database has kept callers waiting: the oldest queued caller's wait (callers who gave up
   * don't count) or, with every transaction slot taken, the age of the oldest transaction still running,
   * so a stall is still seen after the callers who queued first have given up.
   */
  private stalledForMs(): number {
    while (this.queue[0]?.signal?.aborted) this.queue.shift();
    const now = performance.now();
    const oldestQueued = this.queue[0];
    const queuedFor = oldestQueued ? now - oldestQueued.enqueuedAt : 0;
    const slotsFull = this.runningSince.size >= this.options.maxConcurrentTransactions;
    const runningFor = slotsFull ? now - Math.min(...this.runningSince.values()) : 0;
    return Math.max(queuedFor, runningFor);
  }

  get queuedItems(): number {
    return this.queue.length;
  }

  /** Resolves once nothing is queued or in flight (used on shutdown). */
  whenIdle(): Promise<void> {
    if (this.transactionsInFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  private startTransactions(): void {
    while (this.queue.length > 0 && this.transactionsInFlight < this.options.maxConcurrentTransactions) {
      if (this.keepLingering()) return;
      const batch = this.takeBatch();
      if (batch.length === 0) continue;
      this.transactionsInFlight += 1;
      const transaction = Symbol('transaction');
      this.runningSince.set(transaction, performance.now());
      void this.runBatch(batch).finally(() => {
        this.transactionsInFlight -= 1;
        this.runningSince.delete(transaction);
        this.startTransactions();
        if (this.transactionsInFlight === 0 && this.queue.length === 0) {
          for (const notify of this.idle) notify();
          this.idle.clear();
        }
      });
    }
  }

  /** Whether the queue should wait for more items; if so, it is looked at again when the wait is over. */
  private keepLingering(): boolean {
    const oldest = this.queue[0];
    if (!oldest || this.queue.length >= this.options.maxBatchSize) return false;
    const waitLeftMs = this.options.lingerMs - (performance.now() - oldest.enqueuedAt);
    if (waitLeftMs <= 0) return false;
    this.lingering ??= setTimeout(() => {
      this.lingering = undefined;
      this.startTransactions();
    }, Math.ceil(waitLeftMs));
    return true;
  }

  /** Callers who gave up while queued are dropped here: nothing of theirs is written. */
  private takeBatch(): Pending<Item, Outcome>[] {
    const batch: Pending<Item, Outcome>[] = [];
    while (batch.length < this.options.maxBatchSize && this.queue.length > 0) {
      const next = this.queue.shift() as Pending<Item, Outcome>;
      if (next.signal?.aborted) {
        next.reject(next.signal.reason);
        continue;
      }
      batch.push(next);
    }
    return batch;
  }

  private async runBatch(batch: Pending<Item, Outcome>[]): Promise<void> {
    try {
      const outcomes = await this.options.handleBatch(
        this.options.db,
        batch.map((pending) => pending.item),
      );
      this.options.onCommitted?.(
        batch.map((pending) => pending.item),
        outcomes,
      );
      for (const [index, pending] of batch.entries()) pending.resolve(outcomes[index] as Outcome);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
