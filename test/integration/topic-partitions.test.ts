import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { ensureTopics } from '../../src/tooling/stack/ensure-topics.ts';
import { stackKafka } from '../../src/tooling/stack/stack-kafka-client.ts';
import { settings } from './pipeline-harness.ts';

const kafka = stackKafka(settings, { clientId: 'partitions-test' });
const admin = kafka.admin();
// A topic of its own: the event topic's partitions stay as the other tests expect them.
const topic = `partitions-test-${randomUUID()}`;

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.disconnect();
});

const partitionCount = async () =>
  (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.length;

it('raises a running topic to more partitions, and never lowers it', async () => {
  await admin.connect();
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  await ensureTopics(kafka, 2, log, topic);
  expect(await partitionCount()).toBe(2);
  await ensureTopics(kafka, 4, log, topic);
  expect(await partitionCount()).toBe(4);
  await ensureTopics(kafka, 3, log, topic);
  expect(await partitionCount()).toBe(4);
  expect(lines).toEqual([
    `kafka: created topic ${topic} with 2 partitions`,
    `kafka: topic ${topic} raised from 2 to 4 partitions`,
    `kafka: topic ${topic} keeps its 4 partitions (CALCULATION_EVENTS_PARTITIONS asks for 3; Kafka cannot remove partitions)`,
  ]);
});
