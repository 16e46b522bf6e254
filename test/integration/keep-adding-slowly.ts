import { setTimeout as sleep } from 'node:timers/promises';
import { sendAdditions } from '../../src/tooling/load/send-additions.ts';
import { calculatorTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { settings } from './pipeline-harness.ts';

/** A few additions every two seconds, so rates over the last minute have something to measure; returns the stop. */
export function keepAddingSlowly(): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    for (let seed = 1_000; running; seed++) {
      await sendAdditions({ target: calculatorTarget(settings), count: 10, concurrency: 2, seed });
      await sleep(2_000);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}
