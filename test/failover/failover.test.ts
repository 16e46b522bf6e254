import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { ChaosVerdict } from '../../src/tooling/chaos/chaos-verdict.ts';
import type { FailoverChaosResult } from '../../src/tooling/chaos/run-failover-chaos.ts';
import { nodeAdminUrl } from '../../src/tooling/stack/database-urls.ts';
import { CONNECTOR_SLOT, readSlot } from '../../src/tooling/stack/failover-slot.ts';
import { withPgClient } from '../../src/tooling/stack/pg-client.ts';
import { killNode } from '../../src/tooling/stack/postgres-failover.ts';
import { type PostgresNode, primaryNode, standbyNode } from '../../src/tooling/stack/postgres-nodes.ts';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';
import { FAILOVER_DATA_DIR, failoverEnvironment } from './failover-global-setup.ts';

const settings = loadStackSettings(failoverEnvironment());
const secrets = loadOrCreateSecrets(settings);
const cli = (name: string) => fileURLToPath(new URL(`../../src/tooling/cli/${name}`, import.meta.url));

const onNode = <T>(node: PostgresNode, query: (client: import('pg').Client) => Promise<T>) =>
  withPgClient(nodeAdminUrl(settings, secrets, node), 'failover-test', query);

async function replicationOf(primary: PostgresNode, standby: PostgresNode) {
  const streaming = await onNode(primary, async (client) => {
    const { rows } = await client.query<{ state: string; sync_state: string }>(
      'select state, sync_state from pg_stat_replication where application_name = $1',
      [standby.name],
    );
    return rows[0];
  });
  const recovering = await onNode(
    standby,
    async (client) => (await client.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0]?.r,
  );
  const primarySlot = await onNode(primary, (client) => readSlot(client, CONNECTOR_SLOT));
  return { streaming, recovering, primarySlot };
}

describe('a stack with a Postgres standby (stack:up --ha)', () => {
  test('runs the standby as a synchronous streaming replica, and the connector on a failover slot', async () => {
    const { streaming, recovering, primarySlot } = await replicationOf(
      primaryNode(settings),
      standbyNode(settings),
    );
    expect(streaming).toEqual({ state: 'streaming', sync_state: 'sync' });
    expect(recovering).toBe(true);
    expect(primarySlot).toMatchObject({ exists: true, failover: true });
  });

  test('refuses to start without the standby on data that has one, naming the way out', () => {
    const up = spawnSync(process.execPath, [cli('stack-cli.ts'), 'up'], {
      encoding: 'utf8',
      env: { ...failoverEnvironment(), STACK_POSTGRES_HA: 'off' },
    });
    expect(up.status).toBe(1);
    expect(up.stderr).toContain(
      'this data folder ran Postgres as a primary and a standby (STACK_POSTGRES_HA=on); start it the same way',
    );
  });

  test('chaos --failover: two failovers under load, the slot carried over, nothing lost or doubled', () => {
    const primaryBefore = primaryNode(settings).name;
    const run = spawnSync(
      process.execPath,
      [cli('chaos-cli.ts'), '--failover', '--quick', '--failovers', '2', '--rate', '40'],
      { stdio: ['ignore', 'inherit', 'inherit'], env: failoverEnvironment(), timeout: 900_000 },
    );
    const saved = JSON.parse(
      readFileSync(path.join(FAILOVER_DATA_DIR, 'chaos', 'failover-chaos-results.json'), 'utf8'),
    ) as FailoverChaosResult & { verdict: ChaosVerdict };
    expect(saved.verdict.failures).toEqual([]);
    expect(run.status).toBe(0);
    expect(saved.failovers).toHaveLength(2);
    for (const failover of saved.failovers) {
      expect(failover.slotAfterPromotion).toMatchObject({ exists: true, synced: true, failover: true });
      expect(failover.slotsMadeByConnector).toBe(0);
      expect(failover.snapshotsRun).toBe(0);
      expect(failover.firstEventAppliedAfterSeconds).toBeGreaterThan(0);
    }
    expect(saved.confirmed).toBeGreaterThan(0);
    expect(saved.confirmedMissingFromCalculator).toBe(0);
    expect(saved.reconciliation.ok).toBe(true);
    // Two failovers bring the primary back to the node it started on, each node promoted once.
    expect(saved.failovers.map((failover) => failover.to)).toEqual([saved.failovers[0]?.to, primaryBefore]);
    expect(primaryNode(settings).name).toBe(primaryBefore);
  });

  test('after the failovers the old primary streams again as a synchronous standby holding the slot', async () => {
    const { streaming, recovering, primarySlot } = await replicationOf(
      primaryNode(settings),
      standbyNode(settings),
    );
    expect(streaming).toEqual({ state: 'streaming', sync_state: 'sync' });
    expect(recovering).toBe(true);
    expect(primarySlot).toMatchObject({ exists: true, failover: true, synced: true });
  });

  test('a standby that died while the primary waits for it is brought back by stack:up', async () => {
    const standby = standbyNode(settings);
    await killNode(settings, standby);
    // The primary still names it in synchronous_standby_names, so every commit waits: stack:up must
    // start the standby before anything of its own commits on the primary.
    const up = spawnSync(process.execPath, [cli('stack-cli.ts'), 'up'], {
      encoding: 'utf8',
      env: failoverEnvironment(),
      timeout: 300_000,
    });
    expect(up.status, up.stdout + up.stderr).toBe(0);
    const { streaming, recovering } = await replicationOf(primaryNode(settings), standby);
    expect(streaming).toEqual({ state: 'streaming', sync_state: 'sync' });
    expect(recovering).toBe(true);
  });
});
