import type { Kafka } from 'kafkajs';

/** Deletes a consumer group a measurement created, once its consumer has left it. */
export async function deleteConsumerGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups([groupId]);
  } finally {
    await admin.disconnect();
  }
}
