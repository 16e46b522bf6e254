import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import type { IdleWalResult } from '../../src/tooling/chaos/idle-wal.ts';
import { IDLE_WAL_BOUND, judgeIdleWal } from '../../src/tooling/chaos/idle-wal-verdict.ts';
import { adminUrl } from '../../src/tooling/stack/database-urls.ts';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

useSettledHarness();

const chaosCli = path.join(PROJECT_ROOT, 'src/tooling/cli/chaos-cli.ts');
const resultsFile = path.join(settings.dataDir, 'chaos', 'idle-wal-results.json');
// Named as a control slot of a backend that cannot exist (pid 1), so a run must take it for a leftover.
const LEFTOVER_SLOT = 'idle_wal_control_1_leftover';
const admin = new pg.Client({
  connectionString: adminUrl(settings, loadOrCreateSecrets(settings), 'calculator'),
});

async function controlSlots(): Promise<string[]> {
  const { rows } = await admin.query<{ slot_name: string }>(
    `select slot_name from pg_replication_slots where slot_name like 'idle\\_wal\\_control\\_%'`,
  );
  return rows.map((row) => row.slot_name);
}

beforeAll(() => admin.connect());
afterAll(async () => {
  // A slot left here would pin the server's WAL for good.
  await admin.query(
    'select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1',
    [LEFTOVER_SLOT],
  );
  await admin.end();
});

// The short form of `npm run chaos -- --idle-minutes 10`: a quiet outbox must not pin the server's WAL.
it('keeps the WAL a quiet outbox slot retains a small share of what an unread control slot retains', {
  timeout: 300_000,
}, async () => {
  rmSync(resultsFile, { force: true });
  const minutes = IDLE_WAL_BOUND.judgeFromSeconds / 60;
  const run = spawnSync(
    process.execPath,
    [chaosCli, '--idle-minutes', String(minutes), '--wal-rate', '1', '--quick'],
    { encoding: 'utf8', timeout: 240_000 },
  );
  const result = JSON.parse(readFileSync(resultsFile, 'utf8')) as IdleWalResult;
  const verdict = judgeIdleWal(result);
  expect(result.samples.length).toBeGreaterThanOrEqual(IDLE_WAL_BOUND.judgeFromSeconds / 10);
  expect(result.samples.at(-1)?.atSeconds).toBeGreaterThanOrEqual(IDLE_WAL_BOUND.judgeFromSeconds);
  expect(verdict.failures, run.stdout).toEqual([]);
  expect(verdict.worstRatio).toBeLessThanOrEqual(IDLE_WAL_BOUND.maxRatio);
  expect(await controlSlots(), 'control slots left behind').toEqual([]);
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
});

it('drops its control slot when interrupted, and one an earlier run left behind', {
  timeout: 60_000,
}, async () => {
  await admin.query(`select pg_create_logical_replication_slot($1, 'pgoutput')`, [LEFTOVER_SLOT]);
  const child = spawn(process.execPath, [chaosCli, '--idle-minutes', '2', '--quick'], { stdio: 'pipe' });
  let output = '';
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  // 'close' rather than 'exit': the lines written while stopping are all read by then.
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const slotMade = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (/control slot \S+ made/.test(output)) resolve();
    }),
  );
  await Promise.race([
    slotMade,
    closed.then(() => Promise.reject(new Error(`the run ended before making its slot:\n${output}`))),
  ]);
  expect(output).toContain(`dropped the control slot ${LEFTOVER_SLOT} left behind by an earlier run`);
  child.kill('SIGINT');
  expect(await closed, output).not.toBe(0);
  expect(output).toMatch(/control slot idle_wal_control_\d+_\w+ dropped/);
  expect(await controlSlots(), 'control slots left behind').toEqual([]);
});
