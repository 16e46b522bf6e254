import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import { judgeChaos } from '../../src/tooling/chaos/chaos-verdict.ts';
import type { ChaosResult } from '../../src/tooling/chaos/run-chaos.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

useSettledHarness();

// The short form of `npm run chaos`: each service and Postgres SIGKILLed once, each service SIGTERMed once,
// and a half-open link (everything swallowed, connections left open) under each client that must notice
// by itself: the calculator's and Debezium's to Postgres, the totals keeper's to Kafka.
it('loses nothing and counts nothing twice while parts are killed and links go half-open under steady load', {
  timeout: 600_000,
}, () => {
  // Read only what this run wrote, never an earlier run's results.
  const resultsFile = path.join(settings.dataDir, 'chaos', 'chaos-results.json');
  rmSync(resultsFile, { force: true });
  const run = spawnSync(
    process.execPath,
    [
      path.join(PROJECT_ROOT, 'src/tooling/cli/chaos-cli.ts'),
      '--quick',
      '--seed',
      '2026',
      '--parts',
      'calculator,totals,postgres',
      '--links',
      'calculator-postgres,connect-postgres,totals-kafka',
      '--kinds',
      'half-open',
    ],
    { encoding: 'utf8', timeout: 540_000 },
  );
  const result = JSON.parse(readFileSync(resultsFile, 'utf8')) as ChaosResult;
  expect(result.faults.map((fault) => fault.name).sort()).toEqual([
    'SIGKILL calculator',
    'SIGKILL postgres',
    'SIGKILL totals',
    'SIGTERM calculator',
    'SIGTERM totals',
    'half-open calculator-postgres',
    'half-open connect-postgres',
    'half-open totals-kafka',
  ]);
  expect(result.throughFaultProxies).toBe(true);
  expect(result.confirmed).toBeGreaterThan(0);
  expect(result.confirmedMissingFromCalculator).toBe(0);
  expect(result.reconciliation.duplicated).toEqual([]);
  expect(result.reconciliation.missing).toEqual([]);
  expect(result.reconciliation.ok).toBe(true);
  for (const fault of result.faults) expect(fault.collateralRestarts, `${fault.name} took down`).toEqual([]);
  for (const fault of result.faults.filter((item) => item.type === 'network')) {
    expect(fault.detectedAfterSeconds, `${fault.name}: noticed by its client while it held`).toBeLessThan(
      fault.heldSeconds ?? 0,
    );
    expect(fault.backAfterSeconds, `${fault.name}: the pipeline flowed again`).toBeDefined();
  }
  for (const fault of result.faults.filter((item) => item.signal === 'SIGTERM')) {
    expect(fault.callsCutOff, `${fault.part}: calls cut off by SIGTERM`).toBe(0);
    expect(fault.errorLines, `${fault.part}: errors logged while stopping`).toEqual([]);
  }
  // The one verdict the report and the exit code also use: every invariant, each fault named on failure.
  const verdict = judgeChaos(result);
  expect(verdict.failures).toEqual([]);
  expect(run.status, 'the exit code agrees with the verdict').toBe(verdict.ok ? 0 : 1);
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
});
