import type { Admin } from 'kafkajs';
import { CALCULATION_EVENTS_TOPIC } from '../../services/shared/calculation-recorded-event.ts';
import type { ServiceDatabases } from '../stack/local-databases.ts';
import { stackKafka } from '../stack/stack-kafka-client.ts';
import type { StackSettings } from '../stack/stack-settings.ts';

export interface PipelinePosition {
  /** Records in the event topic (sum of log-end offsets): what Debezium has delivered. */
  inKafka: number;
  /** Events in the totals keeper's ledger. */
  applied: number;
}

/**
 * Where the pipeline stands, read from Kafka and the totals keeper's own table, independent of any
 * telemetry.
 */
export class PipelinePositionProbe {
  private readonly admin: Admin;
  private readonly databases: ServiceDatabases;

  private constructor(admin: Admin, databases: ServiceDatabases) {
    this.admin = admin;
    this.databases = databases;
  }

  static async open(settings: StackSettings, databases: ServiceDatabases): Promise<PipelinePositionProbe> {
    const admin = stackKafka(settings, { clientId: 'bench' }).admin();
    await admin.connect();
    return new PipelinePositionProbe(admin, databases);
  }

  async read(): Promise<PipelinePosition> {
    const [offsets, total] = await Promise.all([
      this.admin.fetchTopicOffsets(CALCULATION_EVENTS_TOPIC),
      this.databases.totals.selectFrom('running_total').select('event_count').executeTakeFirstOrThrow(),
    ]);
    return {
      inKafka: offsets.reduce((sum, partition) => sum + Number(partition.high), 0),
      applied: Number(total.event_count),
    };
  }

  /**
   * Records the totals keeper has still to apply: log-end offsets minus the offsets its own table
   * resumes from.
   */
  async consumerLag(): Promise<number> {
    const [ends, stored] = await Promise.all([
      this.logEndOffsets(),
      this.databases.totals
        .selectFrom('consumer_offsets')
        .select(['partition', 'next_offset'])
        .where('topic', '=', CALCULATION_EVENTS_TOPIC)
        .execute(),
    ]);
    const next = new Map(stored.map((row) => [row.partition, BigInt(row.next_offset)]));
    let lag = 0n;
    for (const [partition, end] of ends) lag += BigInt(end) - (next.get(partition) ?? 0n);
    return Number(lag);
  }

  async logEndOffsets(): Promise<Map<number, string>> {
    const offsets = await this.admin.fetchTopicOffsets(CALCULATION_EVENTS_TOPIC);
    return new Map(offsets.map(({ partition, high }) => [partition, high]));
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}
