import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// patches/kafkajs+2.2.4.patch, applied by `npm install` (postinstall: patch-package).
const require = createRequire(import.meta.url);
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as new (
  options: object,
) => {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  destroy(): void;
};
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

describe("kafkajs's request queue, as patched", () => {
  it('schedules no check when nothing waits and no throttle is in effect (it used to time out at -1.8e12 ms, every 1 ms)', () => {
    const queue = new RequestQueue({ clientId: 'test', broker: 'localhost:9092', logger: quietLogger });
    // What every response does: check the pending requests, then schedule the next check.
    queue.checkPendingRequests();
    expect(queue.throttleCheckTimeoutId).toBeNull();
    queue.destroy();
  });

  it('still checks again when the broker throttles, once the throttle ends', () => {
    const queue = new RequestQueue({ clientId: 'test', broker: 'localhost:9092', logger: quietLogger });
    queue.throttledUntil = Date.now() + 60_000;
    queue.checkPendingRequests();
    expect(queue.throttleCheckTimeoutId).not.toBeNull();
    queue.destroy();
  });
});
