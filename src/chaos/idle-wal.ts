import pg from 'pg';
import { ensureBenchDatabase } from '../bench/bench-database.ts';
import { adminUrl } from '../stack/database-urls.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';

const SLOT = 'calculator_outbox_slot';
const MIB = 1024 * 1024;

export interface IdleWalSample {
  atSeconds: number;
  retainedMiB: number;
  writtenMiB: number;
}

export interface IdleWalResult {
  samples: IdleWalSample[];
  maxRetainedMiB: number;
  writtenMiB: number;
  /** Whether Debezium confirmed progress on the slot while the outbox was idle (its heartbeat). */
  confirmedFlushAdvanced: boolean;
  /** How many times, between samples, the slot let go of WAL (its restart LSN moved on). */
  restartLsnAdvances: number;
}

/**
 * The outbox stays idle while another database on the same server writes WAL: a replication slot
 * that nobody advances would keep all of it. Samples the WAL the slot retains as it goes.
 */
export async function measureIdleWal(
  settings: StackSettings,
  secrets: StackSecrets,
  options: { durationMs: number; writeMiBPerSecond: number; sampleEveryMs: number },
  log: (line: string) => void,
): Promise<IdleWalResult> {
  const admin = new pg.Client({
    connectionString: adminUrl(settings, secrets),
    application_name: 'idle-wal',
  });
  const writer = new pg.Client({
    connectionString: await ensureBenchDatabase(settings, secrets),
    application_name: 'idle-wal',
  });
  await Promise.all([admin.connect(), writer.connect()]);
  const slot = async () =>
    (
      await admin.query<{ retained: string; confirmed: string; current: string; restart: string }>(
        `select pg_current_wal_lsn() - restart_lsn as retained, confirmed_flush_lsn::text as confirmed,
                pg_current_wal_lsn()::text as current, restart_lsn::text as restart
           from pg_replication_slots where slot_name = $1`,
        [SLOT],
      )
    ).rows[0];
  try {
    await writer.query('create table if not exists wal_noise (id bigint, padding text)');
    const first = await slot();
    if (!first) throw new Error(`no replication slot ${SLOT}: is the connector running?`);
    const samples: IdleWalSample[] = [];
    let restartLsn = first.restart;
    let restartLsnAdvances = 0;
    const startedAt = performance.now();
    let nextSample = 0;
    while (performance.now() - startedAt < options.durationMs) {
      // About 1 MiB of WAL per statement: a thousand rows of 1 KiB.
      for (let i = 0; i < options.writeMiBPerSecond; i++)
        await writer.query(
          `insert into wal_noise select g, repeat('x', 1000) from generate_series(1, 1000) g`,
        );
      await writer.query('truncate wal_noise');
      const elapsed = performance.now() - startedAt;
      if (elapsed >= nextSample) {
        const now = await slot();
        if (now && now.restart !== restartLsn) {
          restartLsnAdvances += 1;
          restartLsn = now.restart;
        }
        const written = await admin.query<{ bytes: string }>('select $1::pg_lsn - $2::pg_lsn as bytes', [
          now?.current,
          first.current,
        ]);
        const sample = {
          atSeconds: Math.round(elapsed / 1000),
          retainedMiB: Number(now?.retained ?? 0) / MIB,
          writtenMiB: Number(written.rows[0]?.bytes ?? 0) / MIB,
        };
        samples.push(sample);
        log(
          `idle ${sample.atSeconds} s: WAL written ${sample.writtenMiB.toFixed(0)} MiB, retained by the slot ${sample.retainedMiB.toFixed(1)} MiB`,
        );
        nextSample += options.sampleEveryMs;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const last = await slot();
    await writer.query('drop table wal_noise');
    return {
      samples,
      maxRetainedMiB: Math.max(...samples.map((sample) => sample.retainedMiB)),
      writtenMiB: samples.at(-1)?.writtenMiB ?? 0,
      confirmedFlushAdvanced: last?.confirmed !== first.confirmed,
      restartLsnAdvances,
    };
  } finally {
    await Promise.all([admin.end(), writer.end()]);
  }
}
