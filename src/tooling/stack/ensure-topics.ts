import type { Kafka } from 'kafkajs';
import { CALCULATION_EVENTS_TOPIC } from '../../services/shared/calculation-recorded-event.ts';

/**
 * Creates the event topic before anything uses it: the consumer can then subscribe before the first
 * event exists, and the partition count is chosen here rather than by whoever writes first. A topic with
 * fewer partitions than asked for gets more (Kafka can add partitions, never remove them); the totals
 * keepers are given the new ones at their next rebalance and read them from the start.
 */
export async function ensureTopics(
  kafka: Kafka,
  partitions: number,
  log: (line: string) => void,
  topic = CALCULATION_EVENTS_TOPIC,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    });
    if (created) {
      log(`kafka: created topic ${topic} with ${partitions} partitions`);
      return;
    }
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const current = metadata?.partitions.length ?? 0;
    if (current < partitions) {
      await admin.createPartitions({
        topicPartitions: [{ topic, count: partitions }],
      });
      log(`kafka: topic ${topic} raised from ${current} to ${partitions} partitions`);
    } else if (current > partitions) {
      log(
        `kafka: topic ${topic} keeps its ${current} partitions (CALCULATION_EVENTS_PARTITIONS ` +
          `asks for ${partitions}; Kafka cannot remove partitions)`,
      );
    }
  } finally {
    await admin.disconnect();
  }
}
