import { CALCULATION_EVENTS_TOPIC } from '../../services/shared/calculation-recorded-event.ts';
import { TOTALS_ROLE } from '../stack/database-urls.ts';
import { startAgain, stopPart } from '../stack/part-control.ts';
import { stackKafka } from '../stack/stack-kafka-client.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { type BatchSizes, measureBarePgCatchUp } from './bare-pg-catch-up.ts';
import { createBenchDatabase, dropBenchDatabase } from './bench-database.ts';
import { deleteConsumerGroup } from './delete-consumer-group.ts';
import { pendingRestorations } from './pending-restorations.ts';
import type { PipelinePositionProbe } from './pipeline-position.ts';
import { queueEvents } from './queue-events.ts';

export interface ConsumerResult {
  events: number;
  /** Events per second the totals keeper applied while catching up (first to last applied). */
  totalsKeeperPerSecond: number;
  /**
   * Events per second the raw pg driver writes the same ledger rows in the same batches, from memory.
   * Absent from runs made before it was measured, whose ratio is against the bare kafkajs consumer.
   */
  barePgPerSecond?: number;
  /** Events per second a kafkajs consumer with no database reads the same records (for information). */
  bareKafkajsPerSecond: number;
  /** The totals keeper against the ceiling it is judged by: the bare pg driver. */
  ratio: number;
}

const CATCH_UP_DATABASE = 'totals_bench';

/**
 * Stops the totals keeper, lets at least `events` events queue in Kafka, starts it and times its
 * catch-up; then reads the same records with a bare kafkajs consumer, noting the batches kafkajs hands
 * over, and writes as many events in batches of those sizes with the raw pg driver into a scratch
 * database of the keeper's schema: the ceiling.
 */
export async function benchConsumer(
  settings: StackSettings,
  secrets: StackSecrets,
  probe: PipelinePositionProbe,
  events: number,
  log: (line: string) => void,
): Promise<ConsumerResult> {
  const before = await probe.read();
  const fromOffsets = await probe.logEndOffsets();
  // A failed or interrupted measurement must not leave the pipeline without its consumer.
  const stopped = pendingRestorations.add('start the totals keeper again', () =>
    startAgain(settings, 'totals'),
  );
  await stopPart(settings, 'totals');
  try {
    log(`consumer: totals keeper stopped; queueing ${events} events`);
    await queueEvents(settings, probe, before.inKafka, events, log);
    log('consumer: starting the totals keeper');
  } catch (error) {
    await stopped.restoreNow();
    throw error;
  }
  stopped.dismiss();
  const restarted = startAgain(settings, 'totals');
  const totalsKeeperPerSecond = await timeCatchUp(probe, before.applied);
  await restarted;
  const toOffsets = await probe.logEndOffsets();

  const bare = await timeBareConsumer(settings, fromOffsets, toOffsets);
  const barePg = await timeBarePg(settings, secrets, bare.batchSizes);
  log(
    `consumer: totals keeper ${Math.round(totalsKeeperPerSecond)}/s, bare pg ${Math.round(barePg.perSecond)}/s, ` +
      `bare kafkajs ${Math.round(bare.perSecond)}/s over ${bare.count} records`,
  );
  return {
    events: bare.count,
    totalsKeeperPerSecond,
    barePgPerSecond: barePg.perSecond,
    bareKafkajsPerSecond: bare.perSecond,
    ratio: totalsKeeperPerSecond / barePg.perSecond,
  };
}

/** The bare pg ceiling in a scratch database the totals role owns, dropped afterwards. */
async function timeBarePg(settings: StackSettings, secrets: StackSecrets, batchSizes: BatchSizes) {
  const url = await createBenchDatabase(settings, secrets, CATCH_UP_DATABASE, {
    role: TOTALS_ROLE,
    password: secrets.totalsPassword,
  });
  try {
    return await measureBarePgCatchUp(url, batchSizes);
  } finally {
    await dropBenchDatabase(settings, secrets, CATCH_UP_DATABASE);
  }
}

/**
 * Events per second from the totals keeper starting to apply (the last poll before its first applied
 * event, so within 100 ms) until its stored offsets reach the log end.
 */
async function timeCatchUp(probe: PipelinePositionProbe, appliedBefore: number): Promise<number> {
  let idleUntil = performance.now();
  let started = false;
  for (;;) {
    const [position, lag] = await Promise.all([probe.read(), probe.consumerLag()]);
    const now = performance.now();
    started ||= position.applied > appliedBefore;
    if (!started) idleUntil = now;
    else if (lag === 0) return (position.applied - appliedBefore) / ((now - idleUntil) / 1000);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function timeBareConsumer(
  settings: StackSettings,
  from: Map<number, string>,
  to: Map<number, string>,
): Promise<{ count: number; perSecond: number; batchSizes: BatchSizes }> {
  const kafka = stackKafka(settings, { clientId: 'bench-bare' });
  // A group of its own, so it starts where it is told; deleted afterwards, so runs leave none behind.
  const groupId = `bench-bare-${Date.now()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
  const expected = [...to].reduce(
    (sum, [partition, end]) => sum + Number(BigInt(end) - BigInt(from.get(partition) ?? '0')),
    0,
  );
  let count = 0;
  const batchSizes = new Map<number, number[]>();
  let firstAt: number | undefined;
  let lastAt = 0;
  await consumer.connect();
  await consumer.subscribe({ topic: CALCULATION_EVENTS_TOPIC });
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        const end = BigInt(to.get(batch.partition) ?? '0');
        let inRange = 0;
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= end) continue;
          // The work a consumer must do at least: decode the record.
          JSON.parse(message.value?.toString('utf8') ?? 'null');
          firstAt ??= performance.now();
          inRange += 1;
        }
        count += inRange;
        if (inRange > 0)
          batchSizes.set(batch.partition, [...(batchSizes.get(batch.partition) ?? []), inRange]);
        lastAt = performance.now();
        if (count >= expected) resolve();
      },
    });
  });
  consumer.on(consumer.events.GROUP_JOIN, () => {
    for (const [partition, offset] of from)
      consumer.seek({ topic: CALCULATION_EVENTS_TOPIC, partition, offset });
  });
  try {
    await done;
  } finally {
    await consumer.disconnect();
    await deleteConsumerGroup(kafka, groupId);
  }
  return { count, perSecond: count / ((lastAt - (firstAt ?? lastAt)) / 1000 || Number.NaN), batchSizes };
}
