import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALCULATION_RECORDED_V1 } from '../../src/services/shared/calculation-recorded-event.ts';
import type { TotalsDatabase } from '../../src/services/totals/totals-database.ts';
import { readRunningTotal } from '../../src/services/totals/totals-ledger.ts';
import { runKafkaTool } from '../../src/tooling/stack/kafka-tools.ts';
import { stackKafka } from '../../src/tooling/stack/stack-kafka-client.ts';
import { freshServiceDatabase } from './fresh-database.ts';
import { settings } from './pipeline-harness.ts';

// The totals keeper's instruments are created when its modules load: the meter provider comes first.
class CollectingReader extends MetricReader {
  protected onForceFlush = async () => {};
  protected onShutdown = async () => {};
}
const reader = new CollectingReader();
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
const { startTotalsConsumer } = await import('../../src/services/totals/totals-consumer.ts');
const { observeOffsetGaps } = await import('../../src/services/totals/offset-gap-gauge.ts');

const topic = `gap-test-${randomUUID()}`;
const groupId = `gap-test-${randomUUID()}`;
const kafka = stackKafka(settings, { clientId: 'gap-test' });
let database: Awaited<ReturnType<typeof freshServiceDatabase<TotalsDatabase>>>;

/** Events as Debezium's outbox router publishes them, each adding 1.25 to the total. */
function events(count: number) {
  return Array.from({ length: count }, () => {
    const id = randomUUID();
    const calculationId = randomUUID();
    return {
      key: calculationId,
      headers: { id, eventType: CALCULATION_RECORDED_V1 },
      value: JSON.stringify({
        id,
        occurredAt: new Date().toISOString(),
        calculationId,
        a: '1',
        b: '0.25',
        sum: '1.25',
      }),
    };
  });
}

async function publish(count: number) {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: events(count) });
  await producer.disconnect();
}

/** A totals consumer on the test's topic and database, its log lines kept for the test to read. */
async function startConsumer() {
  const lines: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const totals = await startTotalsConsumer({
    kafka,
    db: database.db,
    topic,
    groupId,
    logger,
    onFatal: (error) => lines.push(`fatal: ${error.message}`),
    reportHealth: () => {},
  });
  return { totals, lines };
}

const storedOffset = async () =>
  (
    await database.db
      .selectFrom('consumer_offsets')
      .select('next_offset')
      .where('topic', '=', topic)
      .where('partition', '=', 0)
      .executeTakeFirst()
  )?.next_offset;

const applied = async () => {
  const { total, eventCount } = await readRunningTotal(database.db);
  return { total, eventCount };
};

beforeAll(async () => {
  database = await freshServiceDatabase<TotalsDatabase>('totals');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
});

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.deleteGroups([groupId]).catch(() => {});
  await admin.disconnect();
  await database?.drop();
});

describe('records deleted from Kafka before the totals keeper applied them', () => {
  it('stop the partition at the gap, name the missing offsets and set totals_offset_gaps; nothing past it is applied', async () => {
    // Ten events applied, then the keeper stops.
    await publish(10);
    const first = await startConsumer();
    await expect.poll(storedOffset, { timeout: 60_000 }).toBe('10');
    await first.totals.stop();

    // Twenty more arrive while it is down, and the first ten of those are deleted before it is back, the
    // way retention would (Kafka's own kafka-delete-records.sh).
    await publish(20);
    const offsetsFile = path.join(mkdtempSync(path.join(tmpdir(), 'gap-test-')), 'offsets.json');
    writeFileSync(
      offsetsFile,
      JSON.stringify({ version: 1, partitions: [{ topic, partition: 0, offset: 20 }] }),
    );
    expect(runKafkaTool(settings, 'delete-records', ['--offset-json-file', offsetsFile])).toMatch(
      /partition: .*-0\s+low_watermark: 20/,
    );

    const second = await startConsumer();
    try {
      observeOffsetGaps(second.totals, topic);
      await expect
        .poll(() => second.totals.gaps.list(), { timeout: 60_000 })
        .toEqual([{ topic, partition: 0, nextOffset: 10n, firstAvailable: 20n }]);
      // Still stopped after more events arrive: nothing past the gap is ever applied.
      await publish(5);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(await storedOffset()).toBe('10');
      expect(await applied()).toEqual({ total: '12.5', eventCount: '10' });
      expect(
        second.lines.some((line) =>
          /offsets 10\.\.19 of gap-test-\S+ partition 0 are gone from Kafka/.test(line),
        ),
      ).toBe(true);

      const { resourceMetrics } = await reader.collect();
      const gauge = resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .find((metric) => metric.descriptor.name === 'totals.offset.gaps');
      expect(gauge?.dataPoints.map((point) => ({ value: point.value, ...point.attributes }))).toEqual([
        { value: 10, topic, partition: 0 },
      ]);
    } finally {
      await second.totals.stop();
    }
  });
});
