import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const k6Cli = fileURLToPath(new URL('../../src/tooling/cli/k6-cli.ts', import.meta.url));

describe('npm run k6 -- smoke', () => {
  it('holds its thresholds, writes the HTML report and reconciles', { timeout: 900_000 }, () => {
    const run = spawnSync(process.execPath, [k6Cli, 'smoke'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output).toContain('[k6] k6 finished; every threshold held');
    expect(output).toMatch(
      /\[k6\] (\d+) additions answered OK, 0 failed after retries; \1 of this run's calculations committed/,
    );
    expect(output).toContain('reconciliation OK');
    const report = output.match(/\[k6\] HTML report: (\S+)/)?.[1];
    expect(report && existsSync(report)).toBe(true);
    expect(run.status).toBe(0);
  });
});
