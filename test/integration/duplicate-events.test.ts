import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CALCULATION_EVENTS_TOPIC } from '../../src/services/shared/calculation-recorded-event.ts';
import { sendAdditions } from '../../src/tooling/load/send-additions.ts';
import { calculatorTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { stackKafka } from '../../src/tooling/stack/stack-kafka-client.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

const currentHarness = useSettledHarness();
const kafka = stackKafka(settings, { clientId: 'duplicates-test' });

/** The sum over every totals instance the Collector serves of `totals_events_duplicates_total`. */
async function duplicatesCounted(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${settings.COLLECTOR_PROMETHEUS_PORT}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('totals_events_duplicates_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

interface StoredRecord {
  partition: number;
  message: KafkaMessage;
}

/** Reads the records at the given offsets back from Kafka, exactly as they are there. */
async function readRecords(wanted: Map<number, Set<string>>): Promise<StoredRecord[]> {
  const groupId = `duplicates-test-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  const found: StoredRecord[] = [];
  const total = [...wanted.values()].reduce((sum, offsets) => sum + offsets.size, 0);
  let allFound: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    allFound = resolve;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: CALCULATION_EVENTS_TOPIC });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (wanted.get(partition)?.has(message.offset)) found.push({ partition, message });
        if (found.length === total) allFound();
      },
    });
    for (const [partition, offsets] of wanted) {
      const [first] = [...offsets].map(BigInt).sort((a, b) => (a < b ? -1 : 1));
      consumer.seek({ topic: CALCULATION_EVENTS_TOPIC, partition, offset: String(first) });
    }
    await Promise.race([
      finished,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`found only ${found.length} of ${total} records`)), 60_000),
      ),
    ]);
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => {});
    await admin.disconnect();
  }
  return found;
}

async function storedOffsetsReachLogEnd(): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(CALCULATION_EVENTS_TOPIC);
    const stored = await currentHarness()
      .databases.totals.selectFrom('consumer_offsets')
      .select(['partition', 'next_offset'])
      .where('topic', '=', CALCULATION_EVENTS_TOPIC)
      .execute();
    return ends.every(
      ({ partition, high }) => stored.find((row) => row.partition === partition)?.next_offset === high,
    );
  } finally {
    await admin.disconnect();
  }
}

async function ledgerState() {
  const { totals } = currentHarness().databases;
  const total = await currentHarness().totals.getTotal({});
  const ledger = await totals
    .selectFrom('applied_events')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return {
    total: total.total,
    eventCount: total.eventCount,
    ledgerRows: ledger.count,
    deadLetters: total.deadLetterCount,
  };
}

describe('events delivered again', () => {
  it('leave the total and the ledger as they were and are counted as duplicates, on any partition', async () => {
    const sent = await sendAdditions({
      target: calculatorTarget(settings),
      count: 300,
      concurrency: 10,
      seed: 12,
    });
    expect(sent.ok).toBe(300);
    expect((await currentHarness().settle()).ok).toBe(true);
    await expect.poll(storedOffsetsReachLogEnd, { timeout: 30_000 }).toBe(true);

    // The twenty latest applied events of each of two partitions, as Debezium published them. Offsets
    // count per partition, so each partition is asked on its own: a stack with history has partitions
    // whose offsets are far apart.
    const wanted = new Map<number, Set<string>>();
    for (const partition of [0, 1]) {
      const latest = await currentHarness()
        .databases.totals.selectFrom('applied_events')
        .select('offset')
        .where('topic', '=', CALCULATION_EVENTS_TOPIC)
        .where('partition', '=', partition)
        .orderBy('offset', 'desc')
        .limit(20)
        .execute();
      wanted.set(partition, new Set(latest.map((row) => row.offset)));
    }
    expect([...wanted.values()].map((offsets) => offsets.size)).toEqual([20, 20]);
    const records = await readRecords(wanted);
    expect(records).toHaveLength(40);

    const before = await ledgerState();
    // Let the last batch's counters reach the Collector before reading the baseline.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const duplicatesBefore = await duplicatesCounted();

    // Half go back to their own partition, half to another one: a producer that re-keyed or a partition
    // count change must not get past the ledger either.
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: CALCULATION_EVENTS_TOPIC,
        messages: records.map(({ partition, message }, index) => ({
          key: message.key,
          value: message.value,
          headers: message.headers,
          partition: index % 2 === 0 ? partition : (partition + 1) % 3,
        })),
      });
    } finally {
      await producer.disconnect();
    }

    await expect.poll(storedOffsetsReachLogEnd, { timeout: 60_000 }).toBe(true);
    await expect.poll(duplicatesCounted, { timeout: 30_000, interval: 1_000 }).toBe(duplicatesBefore + 40);
    expect(await ledgerState()).toEqual(before);
    expect((await currentHarness().settle()).ok).toBe(true);
    // And no more than 40: a later export must not count any of them again.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await duplicatesCounted()).toBe(duplicatesBefore + 40);
  });
});
