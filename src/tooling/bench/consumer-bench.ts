import { CALCULATION_EVENTS_TOPIC } from '../../services/shared/calculation-recorded-event.ts';
import { startAgain, stopPart } from '../stack/part-control.ts';
import { stackKafka } from '../stack/stack-kafka-client.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { deleteConsumerGroup } from './delete-consumer-group.ts';
import { pendingRestorations } from './pending-restorations.ts';
import type { PipelinePositionProbe } from './pipeline-position.ts';
import { queueEvents } from './queue-events.ts';

export interface ConsumerResult {
  events: number;
  /** Events per second the totals keeper applied while catching up (first to last applied). */
  totalsKeeperPerSecond: number;
  /** Events per second a kafkajs consumer with no database reads the same records. */
  bareKafkajsPerSecond: number;
  ratio: number;
}

/**
 * Stops the totals keeper, lets at least `events` events queue in Kafka, starts it and times its
 * catch-up; then reads the same records with a bare kafkajs consumer, for the ceiling.
 */
export async function benchConsumer(
  settings: StackSettings,
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

  const { count, perSecond: bareKafkajsPerSecond } = await timeBareConsumer(settings, fromOffsets, toOffsets);
  log(
    `consumer: totals keeper ${Math.round(totalsKeeperPerSecond)}/s, bare kafkajs ${Math.round(bareKafkajsPerSecond)}/s over ${count} records`,
  );
  return {
    events: count,
    totalsKeeperPerSecond,
    bareKafkajsPerSecond,
    ratio: totalsKeeperPerSecond / bareKafkajsPerSecond,
  };
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
): Promise<{ count: number; perSecond: number }> {
  const kafka = stackKafka(settings, { clientId: 'bench-bare' });
  // A group of its own, so it starts where it is told; deleted afterwards, so runs leave none behind.
  const groupId = `bench-bare-${Date.now()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
  const expected = [...to].reduce(
    (sum, [partition, end]) => sum + Number(BigInt(end) - BigInt(from.get(partition) ?? '0')),
    0,
  );
  let count = 0;
  let firstAt: number | undefined;
  let lastAt = 0;
  await consumer.connect();
  await consumer.subscribe({ topic: CALCULATION_EVENTS_TOPIC });
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        const end = BigInt(to.get(batch.partition) ?? '0');
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= end) continue;
          // The work a consumer must do at least: decode the record.
          JSON.parse(message.value?.toString('utf8') ?? 'null');
          firstAt ??= performance.now();
          count += 1;
        }
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
  return { count, perSecond: count / ((lastAt - (firstAt ?? lastAt)) / 1000 || Number.NaN) };
}
