import { describe, expect, it } from 'vitest';
import { judgeChaos } from '../../src/tooling/chaos/chaos-verdict.ts';
import type { ChaosResult, FaultResult } from '../../src/tooling/chaos/run-chaos.ts';

const fault = (part: string, signal: string, extra: Partial<FaultResult> = {}): FaultResult => ({
  type: 'process',
  name: `${signal} ${part}`,
  part,
  signal,
  atSeconds: 10,
  backAfterSeconds: 1.5,
  caughtUpAfterSeconds: 1.6,
  lagBoundSeconds: 60,
  peakBacklog: 40,
  failedCalls: 12,
  collateralRestarts: [],
  ...(signal === 'SIGTERM' ? { callsCutOff: 0, errorLines: [] } : {}),
  ...extra,
});

/** A run in which every invariant held: the shape `runChaos` returns. */
function cleanRun(): ChaosResult {
  return {
    seed: 2026,
    ratePerSecond: 50,
    throughFaultProxies: true,
    faults: [
      fault('postgres', 'SIGKILL'),
      fault('calculator', 'SIGKILL'),
      fault('totals', 'SIGTERM'),
      networkFault(),
    ],
    confirmed: 1200,
    confirmedMissingFromCalculator: 0,
    abandoned: 0,
    stuckAtStop: 0,
    reconciliation: {
      ok: true,
      calculations: '5000',
      calculatorSum: '1234.5',
      appliedEvents: '5000',
      ledgerSum: '1234.5',
      runningTotal: '1234.5',
      runningTotalEvents: '5000',
      deadLetters: '0',
      missing: [],
      duplicated: [],
      unexpected: [],
    },
  };
}

function withFault(index: number, extra: Partial<FaultResult>): ChaosResult {
  const run = cleanRun();
  run.faults[index] = { ...(run.faults[index] as FaultResult), ...extra };
  return run;
}

const networkFault = (extra: Partial<FaultResult> = {}): FaultResult => ({
  type: 'network',
  name: 'half-open connect-postgres',
  part: 'connect',
  link: 'connect-postgres',
  kind: 'half-open',
  figures: '',
  heldSeconds: 40,
  atSeconds: 30,
  detectedAfterSeconds: 12.5,
  backAfterSeconds: 4,
  caughtUpAfterSeconds: 46,
  lagBoundSeconds: 60,
  peakBacklog: 40,
  failedCalls: 0,
  collateralRestarts: [],
  ...extra,
});

const failedChecks = (run: ChaosResult) =>
  judgeChaos(run)
    .checks.filter((check) => !check.held)
    .map((check) => check.name);

describe('judgeChaos', () => {
  it('passes a run in which every invariant held, with every check held', () => {
    const verdict = judgeChaos(cleanRun());
    expect(verdict.failures).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.checks.map((check) => [check.name, check.held])).toEqual([
      ['answered OK is committed', true],
      ['exactly once', true],
      ['exact total', true],
      ['part back', true],
      ['lag back to zero', true],
      ['half-open noticed', true],
      ['no other part restarted', true],
      ['clean SIGTERM', true],
    ]);
  });

  it('fails a SIGKILL that restarted another part, naming the fault and the part', () => {
    const verdict = judgeChaos(withFault(0, { collateralRestarts: ['calculator'] }));
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual([
      'no other part restarted: fault 1 (SIGKILL postgres) also restarted calculator',
    ]);
  });

  it('fails a SIGTERM that restarted another part', () => {
    expect(failedChecks(withFault(2, { collateralRestarts: ['calculator', 'connect'] }))).toEqual([
      'no other part restarted',
    ]);
  });

  it('fails a fault whose part could not be signalled or did not come back', () => {
    const verdict = judgeChaos(
      withFault(1, { backAfterSeconds: undefined, problem: 'kill ESRCH (its log: calculator.log)' }),
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual([
      'part back: fault 2 (SIGKILL calculator) did not recover: kill ESRCH (its log: calculator.log)',
    ]);
  });

  it('fails a fault after which the lag never got back to zero', () => {
    const verdict = judgeChaos(withFault(1, { caughtUpAfterSeconds: undefined }));
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual([
      'lag back to zero: fault 2 (SIGKILL calculator) left a backlog that was not back to zero 60 s after the fault ended: a hang',
    ]);
  });

  it('fails a half-open link its client did not notice while it held, naming link and client', () => {
    expect(judgeChaos(withFault(3, { detectedAfterSeconds: undefined })).failures).toEqual([
      'half-open noticed: fault 4 (half-open connect-postgres) was not noticed by connect while it held (40 s): nothing in its log',
    ]);
    expect(failedChecks(withFault(3, { detectedAfterSeconds: 41 }))).toEqual(['half-open noticed']);
  });

  it('does not ask a slow link to be noticed', () => {
    const run = withFault(3, {
      name: 'latency totals-kafka',
      kind: 'latency',
      link: 'totals-kafka',
      detectedAfterSeconds: undefined,
    });
    expect(judgeChaos(run).ok).toBe(true);
  });

  it('fails a network fault after which the pipeline did not flow again, or that restarted a part', () => {
    expect(failedChecks(withFault(3, { backAfterSeconds: undefined, problem: 'nothing applied' }))).toEqual([
      'part back',
    ]);
    expect(judgeChaos(withFault(3, { collateralRestarts: ['connect'] })).failures).toEqual([
      'no other part restarted: fault 4 (half-open connect-postgres) also restarted connect',
    ]);
  });

  it('fails a SIGTERM that cut a call off mid-flight', () => {
    const verdict = judgeChaos(withFault(2, { callsCutOff: 3 }));
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual(['clean SIGTERM: fault 3 (SIGTERM totals) cut off 3 calls mid-flight']);
  });

  it('fails a SIGTERM that logged an error line, quoting it', () => {
    const line = '{"level":"error","msg":"commit failed"}';
    const verdict = judgeChaos(withFault(2, { errorLines: [line] }));
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual([
      `clean SIGTERM: fault 3 (SIGTERM totals) logged 1 error line: ${line}`,
    ]);
  });

  it('fails an addition answered OK that is not in the calculator table', () => {
    const run = cleanRun();
    run.confirmedMissingFromCalculator = 2;
    const verdict = judgeChaos(run);
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual([
      "answered OK is committed: 2 of 1200 additions answered OK are not in the calculator's table",
    ]);
  });

  it('fails a run in which no addition was answered OK, as it proves nothing', () => {
    const run = cleanRun();
    run.confirmed = 0;
    expect(failedChecks(run)).toEqual(['answered OK is committed']);
  });

  it('fails a doubled event', () => {
    const run = cleanRun();
    run.reconciliation = { ...run.reconciliation, ok: false, appliedEvents: '5001', duplicated: ['id-7'] };
    const verdict = judgeChaos(run);
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toContain('exactly once: 1 calculation applied more than once (id-7)');
    expect(verdict.failures).toContain('exactly once: 5000 calculations but 5001 applied events');
  });

  it('fails a missing event', () => {
    const run = cleanRun();
    run.reconciliation = { ...run.reconciliation, ok: false, appliedEvents: '4999', missing: ['id-3'] };
    const verdict = judgeChaos(run);
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toContain('exactly once: 1 calculation never applied (id-3)');
  });

  it('fails an applied event with no calculation behind it', () => {
    const run = cleanRun();
    // An event of sum 0 the running total counted too: only the ledger's ids tell it apart.
    run.reconciliation = {
      ...run.reconciliation,
      ok: false,
      appliedEvents: '5001',
      runningTotalEvents: '5001',
      unexpected: ['id-x'],
    };
    expect(judgeChaos(run).failures).toEqual([
      'exactly once: 1 applied event with no calculation (id-x)',
      'exactly once: 5000 calculations but 5001 applied events',
    ]);
  });

  it('fails a running total that differs from the exact sum', () => {
    const run = cleanRun();
    run.reconciliation = { ...run.reconciliation, ok: false, runningTotal: '1234.50000001' };
    const verdict = judgeChaos(run);
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toEqual([
      'exact total: the running total 1234.50000001 differs from the exact sum 1234.5',
    ]);
  });

  it('reads equal decimals written differently as equal', () => {
    const run = cleanRun();
    run.reconciliation = { ...run.reconciliation, runningTotal: '1234.50' };
    expect(judgeChaos(run).ok).toBe(true);
  });

  it('fails a ledger sum that differs, or a running total over another number of events', () => {
    const run = cleanRun();
    run.reconciliation = { ...run.reconciliation, ok: false, ledgerSum: '1234', runningTotalEvents: '4999' };
    expect(judgeChaos(run).failures).toEqual([
      'exact total: the ledger sums to 1234, not the exact sum 1234.5',
      'exact total: the running total counts 4999 events, the ledger 5000',
    ]);
  });

  it('fails a reconciliation that disagreed even when no figure shows why', () => {
    const run = cleanRun();
    run.reconciliation = { ...run.reconciliation, ok: false };
    expect(failedChecks(run)).toEqual(['exactly once']);
  });

  it('reports every failed invariant, not only the first', () => {
    const run = withFault(0, { collateralRestarts: ['totals'], caughtUpAfterSeconds: undefined });
    run.confirmedMissingFromCalculator = 1;
    expect(failedChecks(run)).toEqual([
      'answered OK is committed',
      'lag back to zero',
      'no other part restarted',
    ]);
  });
});
