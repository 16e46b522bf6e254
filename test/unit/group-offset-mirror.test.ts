import type { Consumer, TopicPartitionOffsetAndMetadata } from 'kafkajs';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { GroupOffsetMirror } from '../../src/services/totals/group-offset-mirror.ts';

const quiet = pino({ level: 'silent' });

/** Only commitOffsets is used by the mirror; it records each call and fails the first `failures`. */
function committingConsumer(failures: number) {
  const calls: TopicPartitionOffsetAndMetadata[][] = [];
  let left = failures;
  const consumer = {
    commitOffsets: async (offsets: TopicPartitionOffsetAndMetadata[]) => {
      calls.push(offsets);
      if (left-- > 0) throw new Error('The coordinator is loading');
    },
  } as unknown as Consumer;
  return { consumer, calls };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mirroring the stored offsets to the consumer group', () => {
  it('commits the newest offset of each partition without the caller waiting', async () => {
    const { consumer, calls } = committingConsumer(0);
    const mirror = new GroupOffsetMirror(consumer, quiet, 10);
    mirror.mirror('t', 0, '5');
    mirror.mirror('t', 0, '9');
    mirror.mirror('t', 1, '3');
    expect(calls).toEqual([]);
    await settle(20);
    expect(calls.flat()).toEqual([
      { topic: 't', partition: 0, offset: '9' },
      { topic: 't', partition: 1, offset: '3' },
    ]);
  });

  it('retries a failed commit until it goes through, with offsets recorded meanwhile winning', async () => {
    const { consumer, calls } = committingConsumer(2);
    const mirror = new GroupOffsetMirror(consumer, quiet, 10);
    mirror.mirror('t', 0, '5');
    await settle(5);
    mirror.mirror('t', 0, '7');
    await settle(60);
    expect(calls.length).toBe(3);
    expect(calls.at(-1)).toEqual([{ topic: 't', partition: 0, offset: '7' }]);
    await settle(30);
    expect(calls.length).toBe(3);
  });

  it('forgets what is pending after a rebalance', async () => {
    const { consumer, calls } = committingConsumer(0);
    const mirror = new GroupOffsetMirror(consumer, quiet, 10);
    mirror.mirror('t', 0, '5');
    mirror.forget();
    await mirror.flush();
    expect(calls).toEqual([]);
  });

  it('commits at most once per interval, the newest offsets of that interval', async () => {
    const { consumer, calls } = committingConsumer(0);
    const mirror = new GroupOffsetMirror(consumer, quiet, 10, 50);
    mirror.mirror('t', 0, '1');
    await settle(5);
    mirror.mirror('t', 0, '2');
    mirror.mirror('t', 0, '3');
    await settle(20);
    expect(calls).toEqual([[{ topic: 't', partition: 0, offset: '1' }]]);
    await settle(60);
    expect(calls).toEqual([
      [{ topic: 't', partition: 0, offset: '1' }],
      [{ topic: 't', partition: 0, offset: '3' }],
    ]);
  });
});
