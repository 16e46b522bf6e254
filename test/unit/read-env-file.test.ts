import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';

const READ_ENV_FILE = path.join(PROJECT_ROOT, 'src', 'tooling', 'cli', 'read-env-file.ts');
const printSettings =
  'process.stdout.write(JSON.stringify([process.env.FROM_FILE ?? "unset", process.env.SET_BOTH ?? "unset"]))';

/** What a script run in `folder` sees, with `environment` exported. */
function settingsSeen(folder: string, environment: Record<string, string>) {
  const output = execFileSync(process.execPath, [`--import=${READ_ENV_FILE}`, '-e', printSettings], {
    cwd: folder,
    env: { PATH: process.env.PATH, ...environment },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(output) as [string, string];
}

describe('the npm scripts read .env', () => {
  it('as if its settings were exported, the environment winning over the file', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'read-env-file-'));
    writeFileSync(path.join(folder, '.env'), 'FROM_FILE=file\nSET_BOTH=file\n');
    expect(settingsSeen(folder, { SET_BOTH: 'environment' })).toEqual(['file', 'environment']);
  });

  it('and say nothing when there is none', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'read-env-file-'));
    const run = spawnSync(process.execPath, [`--import=${READ_ENV_FILE}`, '-e', ''], {
      cwd: folder,
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(settingsSeen(folder, {})).toEqual(['unset', 'unset']);
  });
});
