import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';

const LOGS_CLI = path.join(PROJECT_ROOT, 'src', 'tooling', 'cli', 'logs-cli.ts');

/** A stack data folder whose calculator has logged one pino line and one line of its own. */
function dataDirWithCalculatorLog(): string {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'logs-cli-'));
  mkdirSync(path.join(dataDir, 'logs'));
  const pinoLine = JSON.stringify({
    level: 30,
    time: Date.UTC(2026, 0, 1),
    name: 'calculator',
    msg: 'listening',
    port: 50051,
  });
  writeFileSync(path.join(dataDir, 'logs', 'calculator.log'), `${pinoLine}\nnot JSON: shown as it is\n`);
  return dataDir;
}

const logs = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [LOGS_CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, STACK_DATA_DIR: dataDir },
    timeout: 30_000,
  });

describe('npm run logs', () => {
  it("pretty-prints a service's JSON lines and shows its other lines as they are", () => {
    const run = logs(dataDirWithCalculatorLog(), 'calculator', '--once');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(calculator\): listening\n {4}port: 50051\n/,
    );
    expect(run.stdout).toMatch(/\nnot JSON: shown as it is\n$/);
  });

  it('without a part lists every part and where its log is', () => {
    const dataDir = dataDirWithCalculatorLog();
    const run = logs(dataDir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `calculator         ${path.join(dataDir, 'logs', 'calculator.log')} (1 KiB)`,
    );
    expect(run.stdout).toContain(
      `totals             ${path.join(dataDir, 'logs', 'totals.log')} (not written yet)`,
    );
  });

  it('refuses an unknown part with the list of parts, exit 64', () => {
    const run = logs(dataDirWithCalculatorLog(), 'warp-drive');
    expect(run.status).toBe(64);
    expect(run.stderr).toMatch(/^npm run logs --: unknown part "warp-drive"; the parts:\n/);
    expect(run.stderr).toContain('  connect ');
  });
});
