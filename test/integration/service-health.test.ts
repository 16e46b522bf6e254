import { createChannel, createClient } from 'nice-grpc';
import { HealthDefinition } from 'nice-grpc-server-health';
import { describe, expect, it } from 'vitest';
import { settings, startAgain, stopPart, useSettledHarness } from './pipeline-harness.ts';

const currentHarness = useSettledHarness();

/** What the service's gRPC health service answers: SERVING, NOT_SERVING, or that it did not answer. */
async function healthOf(address: string, service = ''): Promise<string> {
  const channel = createChannel(address);
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
    expect(await healthOf(settings.calculatorAddress)).toBe('SERVING');
    expect(await healthOf(settings.totalsAddress)).toBe('SERVING');
    await stopPart('postgres');
    try {
      await expect.poll(() => healthOf(settings.calculatorAddress), poll).toBe('NOT_SERVING');
      await expect.poll(() => healthOf(settings.totalsAddress), poll).toBe('NOT_SERVING');
      // What a liveness probe asks: alive all the same, so an orchestrator does not restart them for it.
      expect(await healthOf(settings.calculatorAddress, 'liveness')).toBe('SERVING');
      expect(await healthOf(settings.totalsAddress, 'liveness')).toBe('SERVING');
    } finally {
      await startAgain('postgres');
    }
    await expect.poll(() => healthOf(settings.calculatorAddress), poll).toBe('SERVING');
    await expect.poll(() => healthOf(settings.totalsAddress), poll).toBe('SERVING');
    expect((await currentHarness().settle()).ok).toBe(true);
  });

  it("answers NOT_SERVING from the totals keeper while its consumer cannot fetch, the calculator's staying SERVING", async () => {
    await stopPart('kafka');
    try {
      await expect.poll(() => healthOf(settings.totalsAddress), poll).toBe('NOT_SERVING');
      // The calculator never talks to Kafka: a broker outage is not its business.
      expect(await healthOf(settings.calculatorAddress)).toBe('SERVING');
    } finally {
      await startAgain('kafka');
    }
    await expect.poll(() => healthOf(settings.totalsAddress), { ...poll, timeout: 90_000 }).toBe('SERVING');
    expect((await currentHarness().settle()).ok).toBe(true);
  });
});
