import { describe, expect, it } from 'vitest';
import { CALCULATION_EVENTS_TOPIC } from '../../src/services/shared/calculation-recorded-event.ts';
import { sendAdditions } from '../../src/tooling/load/send-additions.ts';
import { lagFigures } from '../../src/tooling/observability/lag-figures.ts';
import { runKafkaTool } from '../../src/tooling/stack/kafka-tools.ts';
import { calculatorTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

const currentHarness = useSettledHarness();

interface GroupRow {
  partition: number;
  currentOffset: string;
  logEndOffset: string;
  lag: string;
}

/** The rows of Kafka's own `kafka-consumer-groups.sh --describe` for the totals keeper's group. */
function describeGroup(): GroupRow[] {
  const output = runKafkaTool(settings, 'consumer-groups', ['--describe', '--group', 'totals-keeper']);
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([group, topic]) => group === 'totals-keeper' && topic === CALCULATION_EVENTS_TOPIC)
    .map(([, , partition, currentOffset, logEndOffset, lag]) => ({
      partition: Number(partition),
      currentOffset: currentOffset ?? '',
      logEndOffset: logEndOffset ?? '',
      lag: lag ?? '',
    }))
    .sort((a, b) => a.partition - b.partition);
}

describe("the totals keeper's consumer group in Kafka", () => {
  it("shows, in Kafka's own tool, the offsets the totals keeper stored and the lag stack:status shows", async () => {
    const sent = await sendAdditions({
      target: calculatorTarget(settings),
      count: 600,
      concurrency: 10,
      seed: 11,
    });
    expect(sent.ok).toBe(600);
    expect((await currentHarness().settle()).ok).toBe(true);

    const stored = async () =>
      new Map(
        (
          await currentHarness()
            .databases.totals.selectFrom('consumer_offsets')
            .select(['partition', 'next_offset'])
            .where('topic', '=', CALCULATION_EVENTS_TOPIC)
            .execute()
        ).map((row) => [row.partition, row.next_offset]),
      );
    // The group's committed offsets are the stored ones, so Kafka's lag is the true lag: 0 when drained.
    await expect
      .poll(
        async () => {
          const offsets = await stored();
          return describeGroup().map((row) => ({ ...row, stored: offsets.get(row.partition) }));
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toEqual(
        [0, 1, 2].map((partition) => ({
          partition,
          currentOffset: expect.stringMatching(/^\d+$/),
          logEndOffset: expect.stringMatching(/^\d+$/),
          lag: '0',
          stored: expect.stringMatching(/^\d+$/),
        })),
      );
    for (const row of describeGroup()) {
      expect(row.currentOffset).toBe(row.logEndOffset);
      expect(row.currentOffset).toBe((await stored()).get(row.partition));
    }
    // stack:status reads the totals keeper's own lag gauge through Prometheus: the same zero per partition.
    await expect
      .poll(
        async () =>
          (await lagFigures(settings.prometheusUrl))
            .filter(({ figure }) => figure.startsWith('consumer lag, partition'))
            .map(({ figure, value }) => `${figure}: ${value}`),
        { timeout: 60_000, interval: 2_000 },
      )
      .toEqual(describeGroup().map((row) => `consumer lag, partition ${row.partition}: ${row.lag} events`));
  });
});
