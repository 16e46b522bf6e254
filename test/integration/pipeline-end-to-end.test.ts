import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CALCULATION_EVENTS_TOPIC } from '../../src/services/shared/calculation-recorded-event.ts';
import { addDecimals } from '../../src/services/shared/exact-decimal.ts';
import { sendAdditions, startAdditions } from '../../src/tooling/load/send-additions.ts';
import { pipelineBacklog } from '../../src/tooling/stack/pipeline-backlog.ts';
import { calculatorTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { stackKafka } from '../../src/tooling/stack/stack-kafka-client.ts';
import { crash, settings, useSettledHarness, waitUntilBack } from './pipeline-harness.ts';

const currentHarness = useSettledHarness();

async function expectTotalMovedBy(
  before: { total: string; eventCount: bigint },
  sum: string,
  events: number,
) {
  const after = await currentHarness().totals.getTotal({});
  expect(after.eventCount - before.eventCount).toBe(BigInt(events));
  expect(after.total).toBe(addDecimals(before.total, sum));
}

/**
 * Sends additions, kills `part` with SIGKILL while they flow, and checks nothing was lost or doubled. The
 * kill must land mid-flow, or the test proves nothing: at that moment calls are in flight and events are
 * committed in the calculator but not yet applied to the total.
 */
async function expectExactAfterCrashMidRun(part: string, seed: number) {
  const before = await currentHarness().totals.getTotal({});
  const load = startAdditions({ target: calculatorTarget(settings), count: 6_000, concurrency: 20, seed });
  await expect
    .poll(() => load.progress().done, { timeout: 60_000, interval: 50 })
    .toBeGreaterThanOrEqual(1_500);
  const backlogAtKill = await pipelineBacklog(currentHarness().databases);
  const inFlightAtKill = load.progress().inFlight;
  const pid = await crash(part);
  const sent = await load.finished;
  await waitUntilBack(part, pid);

  expect(inFlightAtKill, 'calls in flight when the part was killed').toBeGreaterThan(0);
  expect(backlogAtKill, 'events committed and not yet applied when the part was killed').toBeGreaterThan(0);

  expect(sent.ok).toBe(6_000);
  const reconciliation = await currentHarness().settle(180_000);
  expect(reconciliation.missing).toEqual([]);
  expect(reconciliation.duplicated).toEqual([]);
  expect(reconciliation.ok).toBe(true);
  await expectTotalMovedBy(before, sent.sumOfOkSums, 6_000);
}

describe('the pipeline end to end', () => {
  it('keeps the total exact after 10,000 awkward additions from 50 concurrent clients', async () => {
    const before = await currentHarness().totals.getTotal({});
    const sent = await sendAdditions({
      target: calculatorTarget(settings),
      count: 10_000,
      concurrency: 50,
      seed: 1,
    });
    expect(sent.errors).toEqual([]);
    expect(sent.ok).toBe(10_000);

    const reconciliation = await currentHarness().settle(60_000);
    expect(reconciliation.missing).toEqual([]);
    expect(reconciliation.duplicated).toEqual([]);
    expect(reconciliation.ok).toBe(true);
    await expectTotalMovedBy(before, sent.sumOfOkSums, 10_000);
  });

  it('loses and doubles nothing when Kafka Connect is killed with SIGKILL mid-run', async () => {
    await expectExactAfterCrashMidRun('connect', 2);
  });

  it('resumes from its stored offsets when the totals keeper is killed with SIGKILL mid-run', async () => {
    await expectExactAfterCrashMidRun('totals', 3);
  });

  it('dead-letters poison records with their reason and still applies later events on the partition', async () => {
    const before = await currentHarness().totals.getTotal({});
    const producer = stackKafka(settings, { clientId: 'poison-test' }).producer();
    await producer.connect();
    const poisonKey = `poison-${randomUUID()}`;
    try {
      // One key, so all four land on one partition; the additions below spread over every partition,
      // so that partition gets good events after the poison.
      await producer.send({
        topic: CALCULATION_EVENTS_TOPIC,
        messages: [
          {
            key: poisonKey,
            value: 'this is not JSON',
            headers: { id: randomUUID(), eventType: 'calculation.recorded.v1' },
          },
          {
            key: poisonKey,
            value: JSON.stringify({ hello: 'world' }),
            headers: { id: randomUUID(), eventType: 'calculation.recorded.v1' },
          },
          { key: poisonKey, value: '{}', headers: { id: randomUUID(), eventType: 'something.else.v1' } },
          { key: poisonKey, value: '{}' },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const sent = await sendAdditions({
      target: calculatorTarget(settings),
      count: 300,
      concurrency: 10,
      seed: 4,
    });
    expect(sent.ok).toBe(300);

    const reconciliation = await currentHarness().settle(60_000);
    expect(reconciliation.ok).toBe(true);
    await expectTotalMovedBy(before, sent.sumOfOkSums, 300);
    const after = await currentHarness().totals.getTotal({});
    expect(after.deadLetterCount - before.deadLetterCount).toBe(4n);

    const reasons = await currentHarness()
      .databases.totals.selectFrom('dead_letters')
      .select('reason')
      .where('key', '=', Buffer.from(poisonKey))
      .orderBy('offset')
      .execute();
    expect(reasons.map((row) => row.reason)).toEqual([
      expect.stringContaining('value is not JSON'),
      expect.stringContaining('does not match calculation.recorded.v1'),
      'unknown event type "something.else.v1"',
      'missing header eventType',
    ]);
  });
});
