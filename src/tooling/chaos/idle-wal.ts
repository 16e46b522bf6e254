import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ensureBenchDatabase } from '../bench/bench-database.ts';
import { adminUrl } from '../stack/database-urls.ts';
import { CONNECTOR_SLOT } from '../stack/failover-slot.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { createControlSlot, dropControlSlot, dropStaleControlSlots } from './control-slot.ts';

const MIB = 1024 * 1024;

export interface IdleWalSample {
  atSeconds: number;
  /** WAL the server wrote since the control slot was made. */
  writtenMiB: number;
  /** WAL the connector's slot holds back; null when the slot was not there (a failure, never a zero). */
  connectorRetainedMiB: number | null;
  /** WAL the control slot, which nobody consumes, holds back; null when it was not there. */
  controlRetainedMiB: number | null;
}

export interface IdleWalResult {
  connectorSlot: string;
  controlSlot: string;
  writeMiBPerSecond: number;
  durationSeconds: number;
  samples: IdleWalSample[];
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * The outbox stays idle while another database on the same server writes WAL at a steady rate. Beside
 * the connector's slot, a control slot that nobody consumes retains all of that WAL; sampling both
 * shows how much of it the connector's heartbeat lets go. The control slot is dropped at the end,
 * also on failure, SIGINT or SIGTERM.
 */
export async function measureIdleWal(
  settings: StackSettings,
  secrets: StackSecrets,
  options: { durationMs: number; writeMiBPerSecond: number; sampleEveryMs: number },
  log: (line: string) => void,
): Promise<IdleWalResult> {
  const interrupted = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => interrupted.abort(new Error(`interrupted by ${signal}`));
  // Logical slots belong to a database: the control slot is made in the connector's.
  const admin = new pg.Client({
    connectionString: adminUrl(settings, secrets, 'calculator'),
    application_name: 'idle-wal',
  });
  let writer: pg.Client | undefined;
  let controlSlot: string | undefined;
  try {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    writer = new pg.Client({
      connectionString: await ensureBenchDatabase(settings, secrets),
      application_name: 'idle-wal',
    });
    await Promise.all([admin.connect(), writer.connect()]);
    for (const stale of await dropStaleControlSlots(admin))
      log(`dropped the control slot ${stale} left behind by an earlier run`);
    await writer.query('create table if not exists wal_noise (id bigint, padding text)');
    controlSlot = await createControlSlot(admin);
    log(`control slot ${controlSlot} made beside ${CONNECTOR_SLOT}`);
    const startLsn = await currentLsn(admin);
    const sample = async (atMs: number): Promise<IdleWalSample> => {
      const { rows } = await admin.query<{ slot_name: string; retained: string | null; written: string }>(
        `select slot_name, pg_current_wal_lsn() - restart_lsn as retained,
                pg_current_wal_lsn() - $2::pg_lsn as written
           from pg_replication_slots where slot_name = any($1)`,
        [[CONNECTOR_SLOT, controlSlot], startLsn],
      );
      const retained = (slot: string | undefined) => {
        const bytes = rows.find((row) => row.slot_name === slot)?.retained;
        return bytes === null || bytes === undefined ? null : round(Number(bytes) / MIB);
      };
      const written = rows[0]?.written ?? (await currentLsnSince(admin, startLsn));
      return {
        atSeconds: Math.round(atMs / 1000),
        writtenMiB: round(Number(written) / MIB),
        connectorRetainedMiB: retained(CONNECTOR_SLOT),
        controlRetainedMiB: retained(controlSlot),
      };
    };
    const samples: IdleWalSample[] = [];
    const startedAt = performance.now();
    let nextSampleMs = options.sampleEveryMs;
    for (;;) {
      interrupted.signal.throwIfAborted();
      const elapsedMs = performance.now() - startedAt;
      const done = elapsedMs >= options.durationMs;
      if (done || elapsedMs >= nextSampleMs) {
        const taken = await sample(elapsedMs);
        samples.push(taken);
        log(
          `idle ${taken.atSeconds} s: WAL written ${taken.writtenMiB} MiB; retained by the connector's slot ${taken.connectorRetainedMiB ?? 'MISSING'} MiB, by the control slot ${taken.controlRetainedMiB ?? 'MISSING'} MiB`,
        );
        nextSampleMs += options.sampleEveryMs;
      }
      if (done) break;
      // Caught up to the rate, or as far as the next sample goes when the server cannot keep up.
      const until = Math.min(nextSampleMs, options.durationMs) + startedAt;
      await writeTowards(writer, admin, startLsn, (options.writeMiBPerSecond * elapsedMs) / 1000, until);
      await sleep(250, undefined, { signal: interrupted.signal });
    }
    await writer.query('drop table wal_noise');
    return {
      connectorSlot: CONNECTOR_SLOT,
      controlSlot,
      writeMiBPerSecond: options.writeMiBPerSecond,
      durationSeconds: Math.round(options.durationMs / 1000),
      samples,
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (controlSlot) await dropAndSay(admin, controlSlot, log);
    await Promise.allSettled([admin.end(), writer?.end()]);
  }
}

async function currentLsn(admin: pg.Client): Promise<string> {
  const { rows } = await admin.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
  return rows[0]?.lsn ?? '0/0';
}

async function currentLsnSince(admin: pg.Client, startLsn: string): Promise<string> {
  const { rows } = await admin.query<{ bytes: string }>('select pg_current_wal_lsn() - $1::pg_lsn as bytes', [
    startLsn,
  ]);
  return rows[0]?.bytes ?? '0';
}

/** Writes about 1 MiB of WAL at a time (a thousand rows of 1 KiB) until the server has written targetMiB. */
async function writeTowards(
  writer: pg.Client,
  admin: pg.Client,
  startLsn: string,
  targetMiB: number,
  until: number,
) {
  while (performance.now() < until && Number(await currentLsnSince(admin, startLsn)) / MIB < targetMiB) {
    await writer.query(`insert into wal_noise select g, repeat('x', 1000) from generate_series(1, 1000) g`);
    await writer.query('truncate wal_noise');
  }
}

async function dropAndSay(admin: pg.Client, slot: string, log: (line: string) => void) {
  try {
    await dropControlSlot(admin, slot);
    log(`control slot ${slot} dropped`);
  } catch (error) {
    // Being temporary, it goes when this session ends; a later run also drops it if it is still there.
    log(`could not drop the control slot ${slot} (${(error as Error).message}); it goes with this session`);
  }
}
