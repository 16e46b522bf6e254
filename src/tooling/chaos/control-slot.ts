import type pg from 'pg';

/**
 * A logical replication slot that nobody consumes: it retains every byte of WAL written after it was
 * created, which is what a stuck connector's slot would do. The idle-WAL measurement compares the
 * connector's slot with it.
 *
 * A forgotten slot pins WAL until the disk fills, so the slot is temporary (Postgres drops it when the
 * session that made it ends, even if this process is killed), it is dropped explicitly at the end, and
 * its name carries the owning backend's pid so that a later run can tell a leftover from a live one.
 */
const CONTROL_SLOT_PREFIX = 'idle_wal_control_';

/** Drops control slots whose owning session is gone (left by a run that crashed); returns their names. */
export async function dropStaleControlSlots(admin: pg.Client): Promise<string[]> {
  // The owner's pid is parsed with a pattern that yields null for any other slot, so no cast can fail.
  const stale = await admin.query<{ slot_name: string }>(
    `select slot_name from pg_replication_slots
      where not active
        and substring(slot_name from $1)::int not in (select pid from pg_stat_activity)`,
    [`^${CONTROL_SLOT_PREFIX}(\\d+)_`],
  );
  for (const { slot_name } of stale.rows)
    await admin.query('select pg_drop_replication_slot($1)', [slot_name]);
  return stale.rows.map((row) => row.slot_name);
}

/** Creates a control slot in the admin session's database and returns its name. */
export async function createControlSlot(admin: pg.Client): Promise<string> {
  const backend = await admin.query<{ pid: number }>('select pg_backend_pid() as pid');
  const name = `${CONTROL_SLOT_PREFIX}${backend.rows[0]?.pid}_${Date.now().toString(36)}`;
  await admin.query(`select pg_create_logical_replication_slot($1, 'pgoutput', true)`, [name]);
  return name;
}

export async function dropControlSlot(admin: pg.Client, name: string): Promise<void> {
  await admin.query(
    'select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1',
    [name],
  );
}
