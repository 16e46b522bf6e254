import { randomUUID } from 'node:crypto';
import { isAbortError } from 'abort-controller-x';
import { ClientError, Status } from 'nice-grpc';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { residentMiB } from '../../src/tooling/bench/resident-memory.ts';
import { adminUrl } from '../../src/tooling/stack/database-urls.ts';
import { ProcessSupervisor } from '../../src/tooling/stack/process-supervisor.ts';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

const harness = useSettledHarness();
const lockHolder = new pg.Client({
  connectionString: adminUrl(settings, loadOrCreateSecrets(settings), 'calculator'),
});
afterAll(async () => {
  await lockHolder.end().catch(() => {});
});

async function calculatorPid(): Promise<number> {
  const supervisor = await ProcessSupervisor.connect(settings);
  try {
    return (await supervisor.find('calculator'))?.pid as number;
  } finally {
    supervisor.disconnect();
  }
}

interface Outcome {
  code: Status;
  elapsedMs: number;
}

async function add(deadlineMs: number): Promise<Outcome> {
  const started = performance.now();
  try {
    await harness().calculator.add(
      { a: '1', b: '2', idempotencyKey: `stall-${randomUUID()}` },
      { signal: AbortSignal.timeout(deadlineMs) },
    );
    return { code: Status.OK, elapsedMs: performance.now() - started };
  } catch (error) {
    // Our own timeout aborts the call (AbortSignal.timeout's TimeoutError): the caller's deadline passed.
    const timedOut = isAbortError(error) || (error as Error).name === 'TimeoutError';
    const code =
      error instanceof ClientError ? error.code : timedOut ? Status.DEADLINE_EXCEEDED : Status.UNKNOWN;
    return { code, elapsedMs: performance.now() - started };
  }
}

describe('the calculator when its database stalls', () => {
  it('sheds load quickly with UNAVAILABLE, keeps memory bounded, and recovers when the database does', async () => {
    const pid = await calculatorPid();
    await lockHolder.connect();
    // Every insert into calculations now waits behind this lock, as behind a stalled database.
    await lockHolder.query('begin');
    await lockHolder.query('lock table calculations in access exclusive mode');
    let released = false;
    try {
      // Callers keep arriving for 4 s, each willing to wait 2 s.
      const outcomes: Promise<Outcome>[] = [];
      const arrivalsUntil = performance.now() + 4_000;
      while (performance.now() < arrivalsUntil) {
        for (let i = 0; i < 20; i++) outcomes.push(add(2_000));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const settled = await Promise.all(outcomes);
      const codes = new Set(settled.map((outcome) => Status[outcome.code]));
      expect(
        [...codes].every((code) => ['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'CANCELLED'].includes(code)),
      ).toBe(true);
      // Once the queue has stood still past the limit, new callers are told at once, not at their deadline.
      const shedQuickly = settled.filter(
        (outcome) => outcome.code === Status.UNAVAILABLE && outcome.elapsedMs < 500,
      );
      expect(shedQuickly.length).toBeGreaterThan(settled.length / 2);
      expect(Math.max(...settled.map((outcome) => outcome.elapsedMs))).toBeLessThan(2_000 + 1_000);
      expect(residentMiB(pid)).toBeLessThan(200);
    } finally {
      await lockHolder.query('rollback');
      released = true;
    }
    expect(released).toBe(true);

    // The queue drains and new calls succeed again in the same process.
    let recovered = false;
    for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
      recovered = (await add(2_000)).code === Status.OK;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(recovered).toBe(true);
    expect(await calculatorPid()).toBe(pid);
    // Whatever was committed while callers gave up still reaches the total, once.
    expect((await harness().settle()).ok).toBe(true);
  });
});
