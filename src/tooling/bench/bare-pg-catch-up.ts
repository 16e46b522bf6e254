import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { createDatabase } from '../../services/shared/database.ts';
import { migrationsFolder, runMigrations } from '../../services/shared/run-migrations.ts';
import { awkwardDecimals } from '../load/awkward-decimals.ts';

const TOPIC = 'bench-catch-up';

/** How many records each batch held, in order, per partition: as kafkajs handed them over. */
export type BatchSizes = ReadonlyMap<number, readonly number[]>;

export interface BarePgCatchUp {
  events: number;
  perSecond: number;
}

/** The statement's parameters for one batch of new events, made before the clock starts. */
interface PreparedBatch {
  firstOffset: string;
  nextOffset: string;
  events: string;
}

function prepareBatches(sizes: readonly number[], nextSum: () => string): PreparedBatch[] {
  let offset = 0;
  return sizes.map((size) => {
    const events = Array.from({ length: size }, (_, index) => ({
      offset: String(offset + index),
      event_id: randomUUID(),
      calculation_id: randomUUID(),
      sum: nextSum(),
    }));
    const batch = {
      firstOffset: String(offset),
      nextOffset: String(offset + size),
      events: JSON.stringify(events),
    };
    offset += size;
    return batch;
  });
}

/**
 * The ceiling for the totals keeper's catch-up: the raw pg driver writing the same ledger rows, running
 * total and offsets with the keeper's one statement per partition batch, the batches as large as kafkajs
 * handed them over, one connection per partition side by side as the keeper's partitions are, and
 * nothing else: no Kafka, no decoding, no telemetry. `url` is an empty database its role owns; it gets
 * the totals keeper's schema here.
 */
export async function measureBarePgCatchUp(url: string, batchSizes: BatchSizes): Promise<BarePgCatchUp> {
  const migrator = createDatabase({ url, maxConnections: 1, applicationName: 'bench-bare-pg' });
  try {
    await runMigrations(migrator, migrationsFolder('totals'), pino({ level: 'silent' }));
  } finally {
    await migrator.destroy();
  }

  const nextSum = awkwardDecimals(17);
  const partitions = [...batchSizes].map(([partition, sizes]) => ({
    partition,
    batches: prepareBatches(sizes, nextSum),
  }));
  const clients = partitions.map(
    () => new pg.Client({ connectionString: url, application_name: 'bench-bare-pg' }),
  );
  await Promise.all(clients.map((client) => client.connect()));
  try {
    const started = performance.now();
    await Promise.all(
      partitions.map(async ({ partition, batches }, index) => {
        const client = clients[index] as pg.Client;
        for (const batch of batches) {
          const { rows } = await client.query<{ outcome: string }>(
            'select outcome from apply_partition_batch($1, $2, $3, $4, $5::jsonb, $6::jsonb)',
            [TOPIC, partition, batch.firstOffset, batch.nextOffset, batch.events, '[]'],
          );
          if (rows[0]?.outcome !== 'applied')
            throw new Error(`bare pg catch-up: partition ${partition} batch was ${rows[0]?.outcome}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await (clients[0] as pg.Client).query<{ event_count: string }>(
      'select event_count from running_total',
    );
    const events = Number(rows[0]?.event_count ?? 0);
    const expected = [...batchSizes.values()].flat().reduce((sum, size) => sum + size, 0);
    if (events !== expected)
      throw new Error(`bare pg catch-up applied ${events} events where ${expected} were written`);
    return { events, perSecond: events / seconds };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}
