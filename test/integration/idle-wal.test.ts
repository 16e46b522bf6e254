import { expect, it } from 'vitest';
import { measureIdleWal } from '../../src/chaos/idle-wal.ts';
import { loadOrCreateSecrets } from '../../src/stack/stack-secrets.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

useSettledHarness();

// The short form of `npm run chaos -- --idle-minutes 10`: a quiet outbox must not pin the server's WAL.
it('keeps the WAL a quiet outbox slot retains far below what the server writes meanwhile', {
  timeout: 300_000,
}, async () => {
  const result = await measureIdleWal(
    settings,
    loadOrCreateSecrets(settings),
    { durationMs: 90_000, writeMiBPerSecond: 1, sampleEveryMs: 15_000 },
    () => {},
  );
  expect(result.writtenMiB).toBeGreaterThan(60);
  expect(result.confirmedFlushAdvanced).toBe(true);
  // A slot nobody advanced would retain everything written since it stopped: here most of it is released.
  expect(result.maxRetainedMiB).toBeLessThan(result.writtenMiB * 0.6);
  expect(result.samples.at(-1)?.retainedMiB).toBeLessThan(result.writtenMiB * 0.6);
});
