import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { nodeAdminUrl, REPLICATION_ROLE } from './database-urls.ts';
import { postgresUserIds } from './embedded-postgres-cluster.ts';
import { withPgClient } from './pg-client.ts';
import { postgresAccessFiles } from './postgres-access.ts';
import type { PostgresNode } from './postgres-nodes.ts';
import { replicationLinkPort } from './postgres-switch.ts';
import { ensureRole } from './provision-databases.ts';
import { waitUntil } from './readiness-probes.ts';
import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

/**
 * What a base copy leaves out, as pg_basebackup does: the running server's lock and options, the WAL (the
 * standby streams it from the start of the backup through its slot), replication slots (a standby gets
 * the primary's failover slots by synchronization), and what the server rebuilds or empties at start.
 */
const EMPTIED_FOLDERS = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);
const LEFT_OUT_FILES = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'tablespace_map',
  'standby.signal',
  'recovery.signal',
  'postgresql.auto.conf.tmp',
  'pg_internal.init',
]);

/** The settings only a primary has, or only a standby: ALTER SYSTEM keeps them in postgresql.auto.conf. */
const ROLE_SETTINGS = [
  'synchronous_standby_names',
  'synchronized_standby_slots',
  'primary_conninfo',
  'primary_slot_name',
] as const;

/** Copies a live data folder file by file; a file the server removes meanwhile is simply not copied. */
function copyLiveFolder(from: string, to: string, topLevel = true): number {
  mkdirSync(to, { recursive: true, mode: 0o700 });
  let bytes = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (topLevel && EMPTIED_FOLDERS.has(entry.name)) mkdirSync(target, { mode: 0o700 });
      else if (!entry.name.startsWith('pgsql_tmp')) bytes += copyLiveFolder(source, target, false);
      continue;
    }
    // The server's Unix socket and its lock belong to the running server, like postmaster.pid.
    if (!entry.isFile() || LEFT_OUT_FILES.has(entry.name) || entry.name.startsWith('.s.PGSQL.')) continue;
    try {
      copyFileSync(source, target);
      bytes += statSync(target).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return bytes;
}

/** A libpq connection string's value, quoted: a path may hold spaces. */
const conninfoValue = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/**
 * How the standby reaches its primary: the replication role, over TLS when the stack is secured, through
 * the replication link, which leads to whichever node is primary.
 */
export function primaryConninfo(
  settings: StackSettings,
  secrets: StackSecrets,
  standby: PostgresNode,
): string {
  const parameters: Record<string, string> = {
    host: settings.host,
    // Through the replication link, which follows the primary as the switch does.
    port: String(replicationLinkPort(settings)),
    user: REPLICATION_ROLE,
    password: secrets.replicationPassword,
    // Slot synchronization reads the primary's slots through a database connection.
    dbname: 'postgres',
    // The name synchronous_standby_names waits for.
    application_name: standby.name,
    ...(settings.secured
      ? { sslmode: 'verify-full', sslrootcert: postgresAccessFiles(standby.dataDir).caFile }
      : { sslmode: 'disable' }),
  };
  return Object.entries(parameters)
    .map(([name, value]) => `${name}=${conninfoValue(value)}`)
    .join(' ');
}

/**
 * The copied postgresql.auto.conf with the primary's role settings taken out and the standby's put in:
 * a standby that kept `synchronous_standby_names` would make every commit wait once promoted.
 */
export function standbyAutoConf(copied: string, conninfo: string, slot: string): string {
  const kept = copied
    .split('\n')
    .filter((line) => !ROLE_SETTINGS.some((name) => line.trimStart().startsWith(`${name} `)))
    .filter((line, index, lines) => line !== '' || index < lines.length - 1);
  const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;
  return [...kept, `primary_conninfo = ${quote(conninfo)}`, `primary_slot_name = ${quote(slot)}`, ''].join(
    '\n',
  );
}

/**
 * Makes `standby` a fresh streaming standby of the running `primary`: its old data is deleted, a slot on
 * the primary keeps the WAL it needs from before the copy starts, the copy is taken between
 * pg_backup_start and pg_backup_stop in one session (the embedded binaries have no pg_basebackup), and
 * the backup label those return goes into the copy. The standby's process must be stopped.
 */
export async function rebuildAsStandby(
  settings: StackSettings,
  secrets: StackSecrets,
  primary: PostgresNode,
  standby: PostgresNode,
  log: (line: string) => void,
): Promise<{ copiedBytes: number }> {
  const started = performance.now();
  let copiedBytes = 0;
  await withPgClient(nodeAdminUrl(settings, secrets, primary), 'stack-standby-copy', async (client) => {
    await client.query(
      `select pg_drop_replication_slot(slot_name) from pg_replication_slots
        where slot_name = $1 and not active`,
      [standby.standbySlot],
    );
    const exists = await client.query('select 1 from pg_replication_slots where slot_name = $1', [
      standby.standbySlot,
    ]);
    if (!exists.rowCount)
      await client.query('select pg_create_physical_replication_slot($1, true)', [standby.standbySlot]);
    rmSync(standby.dataDir, { recursive: true, force: true });
    await client.query('select pg_backup_start($1, true)', [`standby ${standby.name}`]);
    copiedBytes = copyLiveFolder(primary.dataDir, standby.dataDir);
    const { rows } = await client.query<{ labelfile: string }>('select labelfile from pg_backup_stop(true)');
    writeFileSync(path.join(standby.dataDir, 'backup_label'), rows[0]?.labelfile ?? '');
  });
  const autoConf = path.join(standby.dataDir, 'postgresql.auto.conf');
  writeFileSync(
    autoConf,
    standbyAutoConf(
      existsSync(autoConf) ? readFileSync(autoConf, 'utf8') : '',
      primaryConninfo(settings, secrets, standby),
      standby.standbySlot,
    ),
    { mode: 0o600 },
  );
  writeFileSync(path.join(standby.dataDir, 'standby.signal'), '');
  chmodSync(standby.dataDir, 0o700);
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresUserIds();
    execFileSync('chown', ['-R', `${uid}:${gid}`, standby.dataDir]);
  }
  log(
    `${standby.name}: copied ${(copiedBytes / 2 ** 20).toFixed(0)} MiB from ${primary.name} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { copiedBytes };
}

/**
 * The role a standby streams as: replication, and nothing else. Made in a session that does not wait for
 * a standby to commit: a primary still naming its lost standby in synchronous_standby_names would
 * otherwise hold this commit, and the stack could never bring that standby back.
 */
export async function ensureReplicationRole(
  settings: StackSettings,
  secrets: StackSecrets,
  primary: PostgresNode,
): Promise<void> {
  await withPgClient(nodeAdminUrl(settings, secrets, primary), 'stack-replication-role', async (client) => {
    await client.query('set synchronous_commit = local');
    await ensureRole(
      client,
      REPLICATION_ROLE,
      secrets.replicationPassword,
      'login replication nosuperuser nocreatedb nocreaterole',
    );
  });
}

export type ReplicationMode = 'synchronous' | 'asynchronous';

/**
 * Once the standby streams, the primary waits for it on every commit (synchronous: an answered Add is on
 * both) and lets no logical consumer get ahead of it (synchronized_standby_slots: the connector never
 * reads a change the standby's copy of its slot could not resume after). Set only now: set before the
 * standby streams, every commit would hang.
 */
export async function attachStandby(
  settings: StackSettings,
  secrets: StackSecrets,
  primary: PostgresNode,
  standby: PostgresNode,
  mode: ReplicationMode,
  timeoutMs = 120_000,
): Promise<void> {
  await withPgClient(nodeAdminUrl(settings, secrets, primary), 'stack-standby-attach', async (client) => {
    await waitUntil(async () => {
      const { rows } = await client.query<{ state: string }>(
        'select state from pg_stat_replication where application_name = $1',
        [standby.name],
      );
      if (rows[0]?.state !== 'streaming')
        throw new Error(`${standby.name} not streaming from ${primary.name}`);
    }, timeoutMs);
    await client.query(
      `alter system set synchronized_standby_slots = ${client.escapeLiteral(standby.standbySlot)}`,
    );
    if (mode === 'synchronous')
      await client.query(
        `alter system set synchronous_standby_names = ${client.escapeLiteral(client.escapeIdentifier(standby.name))}`,
      );
    else await client.query('alter system reset synchronous_standby_names');
    await client.query('select pg_reload_conf()');
    await waitUntil(async () => {
      const { rows } = await client.query<{ sync_state: string }>(
        'select sync_state from pg_stat_replication where application_name = $1',
        [standby.name],
      );
      if ((rows[0]?.sync_state === 'sync') !== (mode === 'synchronous'))
        throw new Error(`${standby.name} not yet ${mode} (${rows[0]?.sync_state ?? 'not streaming'})`);
    }, timeoutMs);
  });
}

/**
 * The standby's copy of each failover slot, once it is one a promotion would keep: synchronized and no
 * longer temporary (a synchronized slot stays temporary until the primary's has moved past where the
 * standby could first decode from).
 */
export async function waitForSynchronizedSlot(
  settings: StackSettings,
  secrets: StackSecrets,
  standby: PostgresNode,
  slot: string,
  timeoutMs: number,
): Promise<void> {
  await withPgClient(nodeAdminUrl(settings, secrets, standby), 'stack-slot-check', async (client) => {
    await waitUntil(async () => {
      const { rows } = await client.query<{ synced: boolean; temporary: boolean }>(
        'select synced, temporary from pg_replication_slots where slot_name = $1',
        [slot],
      );
      if (rows[0]?.synced !== true || rows[0]?.temporary !== false)
        throw new Error(`${slot} not yet synchronized to ${standby.name} for good`);
    }, timeoutMs);
  });
}

/**
 * Promotes the standby to primary: first its role settings are reset (a copy of the old primary's
 * `synchronized_standby_slots` names a slot it lacks, and would block its logical decoding), then
 * pg_promote, which returns once it accepts writes.
 */
export async function promote(
  settings: StackSettings,
  secrets: StackSecrets,
  standby: PostgresNode,
): Promise<void> {
  await withPgClient(nodeAdminUrl(settings, secrets, standby), 'stack-promote', async (client) => {
    for (const name of ROLE_SETTINGS) await client.query(`alter system reset ${name}`);
    await client.query('select pg_reload_conf()');
    const { rows } = await client.query<{ promoted: boolean }>('select pg_promote(true, 60) as promoted');
    if (!rows[0]?.promoted) throw new Error(`${standby.name} was not promoted within 60 s`);
  });
}

/** Whether a node's data folder holds a standby (standby.signal), as opposed to a primary's. */
export const isStandbyFolder = (node: PostgresNode) => existsSync(path.join(node.dataDir, 'standby.signal'));
