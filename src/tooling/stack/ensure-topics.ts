import type { Kafka } from 'kafkajs';
import { CALCULATION_EVENTS_TOPIC } from '../../services/shared/calculation-recorded-event.ts';

/** The most totals consumers that can share the work: one partition each. */
export const CALCULATION_EVENTS_PARTITIONS = 3;

/**
 * Creates the event topic before anything uses it: the consumer can then subscribe before the first
 * event exists, and the partition count is chosen here rather than by whoever writes first.
 */
export async function ensureTopics(kafka: Kafka, log: (line: string) => void): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: CALCULATION_EVENTS_TOPIC,
          numPartitions: CALCULATION_EVENTS_PARTITIONS,
          replicationFactor: 1,
        },
      ],
    });
    if (created)
      log(
        `kafka: created topic ${CALCULATION_EVENTS_TOPIC} with ${CALCULATION_EVENTS_PARTITIONS} partitions`,
      );
  } finally {
    await admin.disconnect();
  }
}
