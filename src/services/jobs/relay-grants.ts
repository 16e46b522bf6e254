import pg from 'pg';

/**
 * What the Debezium role may touch in the calculator's database once its migrations have made the
 * tables: use the public schema, read the outbox, upsert its heartbeat row. Nothing else of the
 * calculator's data. The local stack grants these as the admin, a deployment as the calculator role.
 */
export function relayGrants(relayRole: string): string[] {
  const relay = pg.escapeIdentifier(relayRole);
  return [
    `grant usage on schema public to ${relay}`,
    `grant select on outbox to ${relay}`,
    `grant select, insert, update on debezium_heartbeat to ${relay}`,
  ];
}
