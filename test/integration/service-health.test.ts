import { createClient } from 'nice-grpc';
import { HealthDefinition } from 'nice-grpc-server-health';
import { describe, expect, it } from 'vitest';
import { type GrpcTarget, openChannel } from '../../src/services/shared/grpc-target.ts';
import { calculatorTarget, totalsTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { settings, startAgain, stopPart, useSettledHarness } from './pipeline-harness.ts';

const currentHarness = useSettledHarness();

/** What the service's gRPC health service answers: SERVING, NOT_SERVING, or that it did not answer. */
async function healthOf(target: GrpcTarget, service = ''): Promise<string> {
  const channel = openChannel(target);
  try {
    const { status } = await createClient(HealthDefinition, channel).check(
      { service },
      { signal: AbortSignal.timeout(2_000) },
    );
    return ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'][status] ?? `status ${status}`;
  } catch (error) {
    return `no answer: ${(error as Error).message}`;
  } finally {
    channel.close();
  }
}

const poll = { timeout: 30_000, interval: 250 };

describe('the health service of each service', () => {
  it('answers NOT_SERVING from both services while Postgres is down, and SERVING once it is back', async () => {
    expect(await healthOf(calculatorTarget(settings))).toBe('SERVING');
    expect(await healthOf(totalsTarget(settings))).toBe('SERVING');
    await stopPart('postgres');
    try {
      await expect.poll(() => healthOf(calculatorTarget(settings)), poll).toBe('NOT_SERVING');
      await expect.poll(() => healthOf(totalsTarget(settings)), poll).toBe('NOT_SERVING');
      // What a liveness probe asks: alive all the same, so an orchestrator does not restart them for it.
      expect(await healthOf(calculatorTarget(settings), 'liveness')).toBe('SERVING');
      expect(await healthOf(totalsTarget(settings), 'liveness')).toBe('SERVING');
    } finally {
      await startAgain('postgres');
    }
    await expect.poll(() => healthOf(calculatorTarget(settings)), poll).toBe('SERVING');
    await expect.poll(() => healthOf(totalsTarget(settings)), poll).toBe('SERVING');
    expect((await currentHarness().settle()).ok).toBe(true);
  });

  it("answers NOT_SERVING from the totals keeper while its consumer cannot fetch, the calculator's staying SERVING", async () => {
    await stopPart('kafka');
    try {
      await expect.poll(() => healthOf(totalsTarget(settings)), poll).toBe('NOT_SERVING');
      // The calculator never talks to Kafka: a broker outage is not its business.
      expect(await healthOf(calculatorTarget(settings))).toBe('SERVING');
    } finally {
      await startAgain('kafka');
    }
    await expect.poll(() => healthOf(totalsTarget(settings)), { ...poll, timeout: 90_000 }).toBe('SERVING');
    expect((await currentHarness().settle()).ok).toBe(true);
  });
});
