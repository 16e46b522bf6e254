import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import type { BenchResults } from '../../src/bench/bench-report.ts';
import { adminUrl } from '../../src/stack/database-urls.ts';
import { loadOrCreateSecrets } from '../../src/stack/stack-secrets.ts';
import { PROJECT_ROOT } from '../../src/stack/stack-settings.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

const harness = useSettledHarness();
let before: { groups: string[]; databases: string[] };
beforeAll(async () => {
  before = await groupsAndDatabases();
});

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

it('leaves no consumer group or database of its own behind', async () => {
  const after = await groupsAndDatabases();
  expect(after.groups.filter((group) => !before.groups.includes(group))).toEqual([]);
  expect(after.databases.filter((database) => !before.databases.includes(database))).toEqual([]);
});

/** What a run could leave behind: consumer groups in the broker, databases in Postgres. */
async function groupsAndDatabases(): Promise<{ groups: string[]; databases: string[] }> {
  const admin = new Kafka({
    clientId: 'bench-smoke',
    brokers: [settings.kafkaBootstrap],
    logLevel: logLevel.NOTHING,
  }).admin();
  const client = new pg.Client({ connectionString: adminUrl(settings, loadOrCreateSecrets(settings)) });
  await Promise.all([admin.connect(), client.connect()]);
  try {
    const { groups } = await admin.listGroups();
    const databases = await client.query<{ datname: string }>('select datname from pg_database');
    return {
      groups: groups.map((group) => group.groupId),
      databases: databases.rows.map((row) => row.datname),
    };
  } finally {
    await Promise.all([admin.disconnect(), client.end()]);
  }
}
