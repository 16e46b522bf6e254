import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import type { ScaleChaosResult } from '../../src/tooling/chaos/run-scale-chaos.ts';
import { judgeScaleChaos } from '../../src/tooling/chaos/scale-chaos-verdict.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';
import { useSettledHarness } from './pipeline-harness.ts';

useSettledHarness();

/** The test stack brought up again with this many of each service; the parts already running stay. */
function scaleStack(calculators: number, totalsKeepers: number) {
  const up = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'src/tooling/cli/stack-cli.ts'), 'up'], {
    encoding: 'utf8',
    env: {
      ...process.env,
      STACK_FAULT_PROXIES: 'on',
      STACK_CALCULATORS: String(calculators),
      STACK_TOTALS_KEEPERS: String(totalsKeepers),
    },
  });
  expect(up.status, `${up.stdout}\n${up.stderr}`).toBe(0);
  return up.stdout;
}

beforeAll(() => {
  const output = scaleStack(2, 3);
  expect(output).toContain('calculator-2: ready');
  expect(output).toContain('totals-3: ready');
}, 300_000);

afterAll(() => {
  const output = scaleStack(1, 1);
  expect(output).toMatch(/totals-3: stopping[\s\S]*totals-2: stopping[\s\S]*calculator-2: stopping/);
}, 300_000);

// The short form of `npm run chaos -- --scale`: the keepers scaled 3 → 1 → 3, one SIGKILLed mid-batch,
// one stopped past its session timeout and woken (the zombie), idempotency keys raced across calculators.
it('applies no record twice while totals keepers come, go, die mid-batch and wake as zombies, and answers a key raced across calculators once', {
  timeout: 600_000,
}, () => {
  const settings = loadStackSettings();
  expect([settings.calculators, settings.totalsKeepers]).toEqual([2, 3]);
  const resultsFile = path.join(settings.dataDir, 'chaos', 'scale-chaos-results.json');
  rmSync(resultsFile, { force: true });
  const run = spawnSync(
    process.execPath,
    [path.join(PROJECT_ROOT, 'src/tooling/cli/chaos-cli.ts'), '--scale', '--quick', '--seed', '2026'],
    { encoding: 'utf8', timeout: 540_000 },
  );
  const result = JSON.parse(readFileSync(resultsFile, 'utf8')) as ScaleChaosResult;
  expect(result.steps.map((step) => step.kind).sort()).toEqual([
    'kill-mid-batch',
    'same-key',
    'scale-in',
    'scale-out',
    'zombie',
  ]);
  // Every keeper applied batches: the work was shared, and handed over.
  expect(Object.keys(result.appliedBatches.byProcess).length).toBeGreaterThanOrEqual(3);
  expect(result.appliedBatches.breaches).toEqual([]);
  for (const step of result.steps.filter((item) => item.kind !== 'same-key'))
    expect(step.pause?.allPartitionsSeconds, `${step.name}: its pause was measured`).toBeDefined();
  const verdict = judgeScaleChaos(result);
  expect(verdict.failures).toEqual([]);
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
});
