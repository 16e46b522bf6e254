import pg from 'pg';

/**
 * What the Debezium role may touch in the calculator's database once its migrations have made the
 * tables and the publication: use the public schema, read the outbox, upsert its heartbeat row. Nothing
 * else of the calculator's data; whatever it held before is revoked first. The migration role grants
 * these, as the owner of the tables.
 */
export function relayGrants(relayRole: string): string[] {
  const relay = pg.escapeIdentifier(relayRole);
  return [
    `revoke all on all tables in schema public from ${relay}`,
    `grant usage on schema public to ${relay}`,
    `grant select on outbox to ${relay}`,
    `grant select, insert, update on debezium_heartbeat to ${relay}`,
  ];
}
