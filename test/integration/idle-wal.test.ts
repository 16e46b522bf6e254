import { expect, it } from 'vitest';
import { measureIdleWal } from '../../src/chaos/idle-wal.ts';
import { loadOrCreateSecrets } from '../../src/stack/stack-secrets.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

useSettledHarness();

// The short form of `npm run chaos -- --idle-minutes 10`: a quiet outbox must not pin the server's WAL.
it('keeps a quiet outbox slot letting go of the WAL the server writes meanwhile', {
  timeout: 300_000,
}, async () => {
  const result = await measureIdleWal(
    settings,
    loadOrCreateSecrets(settings),
    { durationMs: 90_000, writeMiBPerSecond: 1, sampleEveryMs: 10_000 },
    () => {},
  );
  expect(result.writtenMiB).toBeGreaterThan(40);
  expect(result.confirmedFlushAdvanced).toBe(true);
  // A slot nobody advances keeps its restart LSN where it is and retains everything written after it; the
  // heartbeat makes it let go (about every 30 s). Ten minutes of this, bounded in bytes, are in the README.
  expect(result.restartLsnAdvances).toBeGreaterThanOrEqual(1);
  expect(result.samples.at(-1)?.retainedMiB).toBeLessThan(result.writtenMiB);
});
