import pg from 'pg';
import type { ServiceName } from './migrate-services.ts';

/**
 * The DML each service's runtime role uses on its own tables (also inside the functions it calls, which
 * run with its privileges), and nothing more: the queries in
 * `src/services/<service>` (an INSERT ... RETURNING, an UPDATE reading a column and a DELETE ... WHERE
 * all need SELECT too). A new table or statement needs its line here, or the service is refused.
 */
export const RUNTIME_TABLE_PRIVILEGES: Record<ServiceName, Record<string, string[]>> = {
  calculator: {
    calculations: ['select', 'insert'],
    outbox: ['select', 'insert', 'delete'],
    calculation_counts: ['select', 'update'],
  },
  totals: {
    applied_events: ['select', 'insert'],
    running_total: ['select', 'update'],
    consumer_offsets: ['select', 'insert', 'update'],
    dead_letters: ['select', 'insert'],
    // Written by the trigger on consumer_offsets, which runs with the keeper's privileges.
    applied_batches: ['select', 'insert'],
  },
};

/**
 * The functions each service's runtime role calls, by signature. Their EXECUTE is revoked from PUBLIC
 * in the migration that creates them, so these grants are the only way to call them.
 */
export const RUNTIME_FUNCTIONS: Record<ServiceName, string[]> = {
  calculator: ['record_calculations(jsonb)'],
  totals: [
    'apply_partition_batch(text, integer, bigint, bigint, jsonb, jsonb)',
    // What apply_partition_batch calls once the partition's offset row exists (migrations/totals/0003).
    'apply_partition_batch_locked(text, integer, bigint, bigint, jsonb, jsonb)',
  ],
};

/**
 * Statements run by the migration role (the owner of the schema and its tables) after each migration:
 * whatever the runtime role held before is revoked first, so the result is exactly the list above,
 * whichever version granted what. Nobody but the owner may create in the public schema.
 */
export function runtimeGrants(service: ServiceName, runtimeRole: string): string[] {
  const role = pg.escapeIdentifier(runtimeRole);
  return [
    'revoke create on schema public from public',
    `revoke all on schema public from ${role}`,
    `revoke all on all tables in schema public from ${role}`,
    `revoke all on all sequences in schema public from ${role}`,
    `revoke all on all functions in schema public from ${role}`,
    `grant usage on schema public to ${role}`,
    ...Object.entries(RUNTIME_TABLE_PRIVILEGES[service]).map(
      ([table, privileges]) => `grant ${privileges.join(', ')} on ${pg.escapeIdentifier(table)} to ${role}`,
    ),
    ...RUNTIME_FUNCTIONS[service].map((signature) => `grant execute on function ${signature} to ${role}`),
  ];
}
