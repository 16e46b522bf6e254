import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import type { BenchResults } from '../../src/tooling/bench/bench-results.ts';
import type { ProfileResults } from '../../src/tooling/bench/profile-report.ts';
import { adminUrl } from '../../src/tooling/stack/database-urls.ts';
import { stackKafka } from '../../src/tooling/stack/stack-kafka-client.ts';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

const harness = useSettledHarness();
let before: { groups: string[]; databases: string[] };
beforeAll(async () => {
  before = await groupsAndDatabases();
});

const runBench = (...flags: string[]) =>
  spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'src/tooling/cli/bench-cli.ts'), ...flags], {
    encoding: 'utf8',
    timeout: 200_000,
  });
const readResults = <T>(file: string) =>
  JSON.parse(readFileSync(path.join(settings.dataDir, 'bench', file), 'utf8')) as T;
const positive = (value: number | null | undefined) => expect(value).toBeGreaterThan(0);

// Seconds-long: proves `npm run bench` still measures every section; it asserts no speed.
it('runs every section of the benchmark in its quick form', () => {
  const run = runBench('--quick');
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

  const results = readResults<BenchResults>('results.json');
  for (const variant of Object.values(results.frontDoor?.variants ?? {})) {
    positive(variant.perSecond);
    expect(variant.failed).toBe(0);
  }
  expect(Object.keys(results.frontDoor?.variants ?? {})).toHaveLength(4);
  positive(results.pipeline?.sustainedPerSecond);
  // The tuned connector, four other poll intervals, each tuned setting put back to Debezium's default,
  // and all of them at once; each with the CPU an addition cost meanwhile.
  expect(
    results.pipeline?.endToEnd.variants.map((variant) => [
      variant.defaulted.length,
      variant.changed?.['poll.interval.ms'] ?? null,
    ]),
  ).toEqual([
    [0, null],
    [0, '10'],
    [0, '25'],
    [0, '100'],
    [0, '250'],
    [1, null],
    [2, null],
    [3, null],
  ]);
  for (const { latency, cpuPerAdditionMs } of results.pipeline?.endToEnd.variants ?? []) {
    positive(latency.events);
    positive(latency.p99Ms);
    positive(cpuPerAdditionMs?.connect);
  }
  positive(results.consumer?.totalsKeeperPerSecond);
  positive(results.consumer?.barePgPerSecond);
  positive(results.consumer?.bareKafkajsPerSecond);
  positive(results.pipeline?.peakRssMiB?.calculator);
  // Every part that carries an addition spent CPU on it, and the total is theirs alone.
  const cost = results.cost?.rates[0];
  for (const part of ['calculator', 'postgres', 'connect', 'kafka', 'totals'])
    positive(cost?.perAdditionMs[part]);
  positive(cost?.loadGeneratorMs);
  expect(cost?.pipelineTotalMs).toBeCloseTo(
    ['calculator', 'postgres', 'connect', 'kafka', 'totals'].reduce(
      (sum, part) => sum + (cost?.perAdditionMs[part] ?? 0),
      0,
    ),
    9,
  );
  // One run measured every section: the sections carry its date, and the pipeline is compared with the front door.
  expect(results.pipeline?.ranAt).toBe(results.frontDoor?.ranAt);
  expect(results.consumer?.ranAt).toBe(results.frontDoor?.ranAt);
  expect(results.cost?.ranAt).toBe(results.frontDoor?.ranAt);
  expect(run.stdout).toContain('| Measure | Result | Judged against | Ratio | Target |');
  expect(run.stdout).toMatch(/\| Pipeline sustained rate [^|]*\| [^|]+ \| front door: [^|]+ \| \d+\.\d+x \|/);
});

it('leaves the pipeline reconciled and the connector back on its tuned settings', async () => {
  expect((await harness().settle()).ok).toBe(true);
  const config = (await (
    await fetch(`${settings.connectUrl}/connectors/calculator-outbox/config`)
  ).json()) as Record<string, string>;
  expect(config['poll.interval.ms']).toBe('50');
  expect(config['max.batch.size']).toBe('4096');
  expect(config['max.queue.size']).toBe('16384');
});

it('profiles both services and the JVMs under load and summarises their samples by package', () => {
  const run = runBench('--profile', '--quick');
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

  const results = readResults<ProfileResults>('profile-results.json');
  expect(results.processes.map((process) => process.name)).toEqual(['calculator', 'totals keeper']);
  for (const { summary, perSecond } of results.processes) {
    positive(perSecond);
    positive(summary.samples);
    // Every sample is someone's: the shares add up to the whole, both ways of counting.
    expect(summary.shares.reduce((sum, share) => sum + share.self, 0)).toBeCloseTo(1, 6);
    expect(summary.shares.reduce((sum, share) => sum + share.withCallees, 0)).toBeCloseTo(1, 6);
  }
  const calculator = results.processes[0]?.summary.shares.map((share) => share.owner);
  expect(calculator).toEqual(
    expect.arrayContaining(['pg', '@grpc/grpc-js', 'project: src/services/calculator']),
  );
  expect(run.stdout).toContain('| where the samples were | own | with the internals it called |');

  expect(results.jvms?.map((jvm) => jvm.name)).toEqual(['Kafka Connect with Debezium', 'Kafka broker']);
  for (const { summary, perSecond, cpuMsPerAddition } of results.jvms ?? []) {
    positive(perSecond);
    positive(cpuMsPerAddition);
    positive(summary.samples);
    expect(summary.byThreadGroup.reduce((sum, share) => sum + share.share, 0)).toBeCloseTo(1, 6);
    expect(summary.byOwner.reduce((sum, share) => sum + share.share, 0)).toBeCloseTo(1, 6);
  }
  const connect = results.jvms?.[0]?.summary.byOwner.map((share) => share.name);
  expect(connect).toEqual(expect.arrayContaining(['io.debezium']));
  expect(run.stdout).toContain('| thread group | samples | of which in the kernel |');
});

it('leaves no consumer group or database of its own behind', async () => {
  const after = await groupsAndDatabases();
  expect(after.groups.filter((group) => !before.groups.includes(group))).toEqual([]);
  expect(after.databases.filter((database) => !before.databases.includes(database))).toEqual([]);
});

/** What a run could leave behind: consumer groups in the broker, databases in Postgres. */
async function groupsAndDatabases(): Promise<{ groups: string[]; databases: string[] }> {
  const admin = stackKafka(settings, { clientId: 'bench-smoke' }).admin();
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
