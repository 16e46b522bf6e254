import type { Transaction } from 'kysely';
import type { CalculatorDatabase } from './calculator-database.ts';

export interface OutboxEvent {
  id: string;
  aggregateType: string;
  aggregateId: string;
  type: string;
  payload: object;
  traceparent: string | null;
}

/**
 * Takes a `Transaction` only, so an event can't be written apart from the state change it announces.
 * The rows are deleted again in the same transaction: Debezium has already got them from the WAL.
 */
export async function writeOutboxEvents(
  trx: Transaction<CalculatorDatabase>,
  events: readonly OutboxEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const ids = events.map((event) => event.id);
  await trx
    .insertInto('outbox')
    .values(
      events.map((event) => ({
        id: event.id,
        aggregatetype: event.aggregateType,
        aggregateid: event.aggregateId,
        type: event.type,
        payload: JSON.stringify(event.payload),
        traceparent: event.traceparent,
      })),
    )
    .execute();
  await trx.deleteFrom('outbox').where('id', 'in', ids).execute();
}
