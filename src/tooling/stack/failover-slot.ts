import pg from 'pg';
import { withPgClient } from './pg-client.ts';

/** The connector's logical replication slot (`slot.name` in connectors/calculator-outbox.json). */
export const CONNECTOR_SLOT = 'calculator_outbox_slot';

export interface SlotState {
  exists: boolean;
  failover: boolean;
  active: boolean;
  /** On a primary: true when the slot came from a standby's synchronization before a promotion. */
  synced: boolean;
  confirmedFlushLsn: string | null;
}

export async function readSlot(client: pg.Client, slot: string): Promise<SlotState> {
  const { rows } = await client.query<{
    failover: boolean;
    active: boolean;
    synced: boolean;
    confirmed_flush_lsn: string | null;
  }>('select failover, active, synced, confirmed_flush_lsn from pg_replication_slots where slot_name = $1', [
    slot,
  ]);
  const row = rows[0];
  return {
    exists: row !== undefined,
    failover: row?.failover ?? false,
    active: row?.active ?? false,
    synced: row?.synced ?? false,
    confirmedFlushLsn: row?.confirmed_flush_lsn ?? null,
  };
}

/**
 * Sets a slot's failover flag. Only the replication protocol's ALTER_REPLICATION_SLOT can (there is no SQL
 * function), and only while no consumer holds the slot.
 */
export async function setSlotFailover(databaseUrl: string, slot: string, failover: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, replication: 'database' } as pg.ClientConfig);
  await client.connect();
  try {
    await client.query(`ALTER_REPLICATION_SLOT ${client.escapeIdentifier(slot)} ( FAILOVER ${failover} )`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The connector's slot as a failover slot, made before the connector first runs (Debezium's `slot.failover`
 * does the same when it makes the slot itself; an existing slot it leaves as it is). A slot made without
 * failover by an earlier stack is altered, which needs the connector stopped.
 */
export async function ensureFailoverSlot(
  calculatorAdminUrl: string,
  slot: string,
): Promise<'made' | 'altered' | 'kept'> {
  const state = await withPgClient(calculatorAdminUrl, 'stack-failover-slot', async (client) => {
    const found = await readSlot(client, slot);
    // name, plugin, temporary, two-phase, failover
    if (!found.exists)
      await client.query(`select pg_create_logical_replication_slot($1, 'pgoutput', false, false, true)`, [
        slot,
      ]);
    return found;
  });
  if (!state.exists) return 'made';
  if (state.failover) return 'kept';
  if (state.active)
    throw new Error(
      `the connector's slot ${slot} was made without failover and the connector holds it; stop Kafka Connect ` +
        '(or the connector: PUT /connectors/<name>/stop) and run stack:up again, so it can be altered',
    );
  await setSlotFailover(calculatorAdminUrl, slot, true);
  return 'altered';
}
