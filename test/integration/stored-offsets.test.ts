import { describe, expect, it } from 'vitest';
import { CALCULATION_EVENTS_TOPIC } from '../../src/services/shared/calculation-recorded-event.ts';
import { sendAdditions } from '../../src/tooling/load/send-additions.ts';
import { calculatorTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { stackKafka } from '../../src/tooling/stack/stack-kafka-client.ts';
import { type Harness, settings, startAgain, stopPart, useSettledHarness } from './pipeline-harness.ts';

const currentHarness = useSettledHarness();

describe("the totals keeper's stored offsets", () => {
  it('win over the consumer group offsets in Kafka when the two disagree', async () => {
    await stopPart('totals');
    try {
      // Events arrive while the totals keeper is down; then the group's offsets in Kafka are moved past
      // them, as if a commit to Kafka had outrun the database. It must resume from its own table and apply
      // them all.
      const sent = await sendAdditions({
        target: calculatorTarget(settings),
        count: 500,
        concurrency: 10,
        seed: 5,
      });
      expect(sent.ok).toBe(500);
      const admin = stackKafka(settings, { clientId: 'offsets-test' }).admin();
      await admin.connect();
      try {
        // Wait until Debezium has published all 500, then move the group past every one of them.
        const mustReach = (await storedTotal(currentHarness())) + 500n;
        await expect
          .poll(async () => totalEnd(await admin.fetchTopicOffsets(CALCULATION_EVENTS_TOPIC)), {
            timeout: 60_000,
          })
          .toBeGreaterThanOrEqual(mustReach);
        const ends = await admin.fetchTopicOffsets(CALCULATION_EVENTS_TOPIC);
        await admin.setOffsets({
          groupId: 'totals-keeper',
          topic: CALCULATION_EVENTS_TOPIC,
          partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
        });
      } finally {
        await admin.disconnect();
      }
    } finally {
      await startAgain('totals');
    }
    const reconciliation = await currentHarness().settle(120_000);
    expect(reconciliation.missing).toEqual([]);
    expect(reconciliation.ok).toBe(true);
  });
});

function totalEnd(offsets: { high: string }[]): bigint {
  return offsets.reduce((sum, partition) => sum + BigInt(partition.high), 0n);
}

/** The sum over partitions of the next offsets the totals keeper has stored. */
async function storedTotal(harness: Harness): Promise<bigint> {
  const rows = await harness.databases.totals
    .selectFrom('consumer_offsets')
    .select('next_offset')
    .where('topic', '=', CALCULATION_EVENTS_TOPIC)
    .execute();
  return rows.reduce((sum, row) => sum + BigInt(row.next_offset), 0n);
}
