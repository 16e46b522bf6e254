import type { Consumer } from 'kafkajs';
import type { Condition } from '../shared/health-reporter.ts';

/**
 * Whether the consumer is doing its job, from kafkajs's own events: it joined the group and owns
 * partitions, has not crashed or stopped since, and keeps fetching. The fetch loop runs several times a
 * second even when the topic is quiet, so a long silence means the broker is out of reach.
 */
export function watchConsumerHealth(
  consumer: Consumer,
  topic: string,
  report: (condition: Condition) => void,
  options: { maxFetchSilenceMs: number; checkEveryMs: number } = {
    maxFetchSilenceMs: 15_000,
    checkEveryMs: 1_000,
  },
): () => void {
  let assignedPartitions: number | undefined;
  let stoppedBecause: string | undefined;
  let lastFetchAt = performance.now();

  const evaluate = (): Condition => {
    if (stoppedBecause) return { ok: false, reason: stoppedBecause };
    if (assignedPartitions === undefined)
      return { ok: false, reason: 'consumer has not joined its group yet' };
    if (assignedPartitions === 0)
      return { ok: false, reason: `no partition of ${topic} assigned while the group is stable` };
    const silentMs = performance.now() - lastFetchAt;
    if (silentMs > options.maxFetchSilenceMs)
      return { ok: false, reason: `no fetch from the broker for ${Math.round(silentMs / 1000)} s` };
    return { ok: true };
  };
  const update = () => report(evaluate());

  const listeners = [
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      assignedPartitions = payload.memberAssignment[topic]?.length ?? 0;
      stoppedBecause = undefined;
      lastFetchAt = performance.now();
      update();
    }),
    // A fetch that completed: one that only started may be waiting on a dead link, and a retry starts
    // another every few seconds.
    consumer.on(consumer.events.FETCH, () => {
      lastFetchAt = performance.now();
    }),
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      stoppedBecause = `consumer crashed: ${payload.error.message}${payload.restart ? ' (restarting)' : ''}`;
      update();
    }),
    consumer.on(consumer.events.STOP, () => {
      stoppedBecause = 'consumer stopped';
      update();
    }),
  ];
  const timer = setInterval(update, options.checkEveryMs);
  timer.unref();
  update();
  return () => {
    clearInterval(timer);
    for (const remove of listeners) remove();
  };
}
