import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { BenchResults } from '../../src/bench/bench-report.ts';
import { PROJECT_ROOT } from '../../src/stack/stack-settings.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

const harness = useSettledHarness();

// Seconds-long: proves `npm run bench` still measures every section; it asserts no speed.
it('runs every section of the benchmark in its quick form', () => {
  const run = spawnSync(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', path.join(PROJECT_ROOT, 'src/cli/bench-cli.ts'), '--quick'],
    { encoding: 'utf8', timeout: 180_000 },
  );
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

  const results = JSON.parse(
    readFileSync(path.join(settings.dataDir, 'bench', 'results.json'), 'utf8'),
  ) as BenchResults;
  const positive = (value: number | undefined) => expect(value).toBeGreaterThan(0);
  for (const variant of Object.values(results.frontDoor?.variants ?? {})) {
    positive(variant.perSecond);
    expect(variant.failed).toBe(0);
  }
  expect(Object.keys(results.frontDoor?.variants ?? {})).toHaveLength(4);
  positive(results.pipeline?.sustainedPerSecond);
  positive(results.pipeline?.tuned.events);
  positive(results.pipeline?.debeziumDefaults.p99Ms);
  positive(results.consumer?.totalsKeeperPerSecond);
  positive(results.consumer?.bareKafkajsPerSecond);
  positive(results.footprint?.peakRssMiB.calculator);
  expect(run.stdout).toContain('| Measure | Result | Judged against | Ratio | Target |');
});

it('leaves the pipeline reconciled and the connector back on its tuned settings', async () => {
  expect((await harness().settle()).ok).toBe(true);
  const config = (await (
    await fetch(`${settings.connectUrl}/connectors/calculator-outbox/config`)
  ).json()) as Record<string, string>;
  expect(config['poll.interval.ms']).toBe('50');
});
